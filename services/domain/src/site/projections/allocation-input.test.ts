import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../allocation/allocate';
import type { AllocationInput, EvState } from '../../allocation/schema';
import { parseAllocationInput } from '../../allocation/schema';
import { auditSite } from '../../audit/engine';
import { anAmtron, aSite, phases } from '../../config/builders';
import type { Site, StationEcu } from '../../config/site';
import { ROTATION_TO_GRID, toPhaseVector, type PhaseVector } from '../../phases/index';
import { randomSite } from '../../planning/random-site';
import { siteDlmNetworks } from '../dlm-networks';
import { allocationInputOf, type LiveEv, type SiteLiveState } from './allocation-input';

// The projected allocation input carries every rating and limit the site declares, and the engine
// on it never exceeds any of them — checked against the Site itself, not against the projection.

const TOL = 1e-6;
const ecusOf = (site: Site): StationEcu[] => site.stations.flatMap((s) => s.ecus);

/** Grid load per phase of whole-amp currents, from the Site's wiring (§3) and the EVs' phases. */
function loadOf(
  site: Site,
  ecus: readonly StationEcu[],
  current: Map<string, number>,
  live: SiteLiveState,
): PhaseVector {
  const load: PhaseVector = [0, 0, 0];
  for (const ecu of ecus) {
    const a = current.get(ecu.chargePointId) ?? 0;
    const evPhases = live.evs?.[ecu.chargePointId]?.phasesInUse;
    const k = ecu.wiring.phases === 'single' ? 1 : typeof evPhases === 'number' ? evPhases : 3;
    for (const p of ROTATION_TO_GRID[ecu.wiring.rotation].slice(0, k)) load[p] += a;
  }
  return load;
}

function exceeded(name: string, load: PhaseVector, limit: PhaseVector): string[] {
  return load.flatMap((l, p) =>
    l > (limit[p] ?? 0) + TOL ? [`${name} L${p + 1}: ${l} A > ${limit[p]} A`] : [],
  );
}

/** Every limit the site declares, each checked on the allocation. */
function siteViolations(site: Site, live: SiteLiveState, current: Map<string, number>): string[] {
  const out = exceeded(
    'main connection',
    loadOf(site, ecusOf(site), current, live),
    toPhaseVector(site.mainConnection.ratingA),
  );
  // The grid connection point's asymmetry limit among the charging CPs: max |load_Lx − load_Ly|.
  const limit = site.mainConnection.imbalanceLimitA;
  if (limit !== undefined) {
    const load = loadOf(site, ecusOf(site), current, live);
    const spread = Math.max(...load) - Math.min(...load);
    if (spread > limit + TOL) out.push(`main connection imbalance ${spread} A > ${limit} A`);
  }
  for (const line of site.supplyLines) {
    const ecus = site.stations.filter((s) => s.supplyLineId === line.id).flatMap((s) => s.ecus);
    out.push(
      ...exceeded(`supply line ${line.id}`, loadOf(site, ecus, current, live), toPhaseVector(line.ratingA)),
    );
  }
  for (const net of siteDlmNetworks(site)) {
    const c = net.masterConfig;
    const load = loadOf(site, net.members, current, live);
    if (c.evseSubDistributionLimit)
      out.push(...exceeded(`${net.id} sub-distribution`, load, toPhaseVector(c.evseSubDistributionLimit)));
    const operator = live.operatorLimits?.[net.id] ?? c.operatorEvseSubDistributionLimit;
    if (operator) out.push(...exceeded(`${net.id} operator`, load, toPhaseVector(operator)));
    if (c.externalMeterSupport === true && c.mainDistributionLimit) {
      const m = live.meters?.[net.id];
      const reading: PhaseVector =
        m?.connected === true && m.samples.length > 0
          ? ([0, 1, 2].map(
              (p) => m.samples.reduce((s, r) => s + toPhaseVector(r)[p]!, 0) / m.samples.length,
            ) as PhaseVector)
          : toPhaseVector(c.externalLoadFallback ?? phases(9999));
      const drawn = [0, 0, 0] as PhaseVector; // the generated EVs report no draw yet
      const headroom = toPhaseVector(c.externalLoadHeadroom ?? phases(0));
      const main = toPhaseVector(c.mainDistributionLimit);
      const external = reading.map((r, p) =>
        c.externalMeterLocation === 'includingEvse' ? Math.max(0, r - drawn[p]!) : r,
      );
      const room = main.map((m2, p) => Math.max(0, m2 - headroom[p]! - external[p]!)) as PhaseVector;
      out.push(...exceeded(`${net.id} meter`, load, room));
    }
  }
  for (const ecu of ecusOf(site)) {
    const a = current.get(ecu.chargePointId) ?? 0;
    const cap = Math.min(ecu.ratedCurrentA, ecu.config.operatorCurrentLimit ?? Infinity);
    if (a > cap) out.push(`${ecu.chargePointId}: ${a} A > its ${cap} A`);
  }
  return out;
}

const evState = fc.constantFrom<EvState>('none', 'ready', 'charging', 'suspendedEv', 'finished');
const liveEv = fc.record({
  state: evState,
  phasesInUse: fc.constantFrom<1 | 2 | 3>(1, 2, 3),
  maxCurrentA: fc.integer({ min: 6, max: 32 }),
  pluggedInAt: fc.integer({ min: 0, max: 1_000_000 }),
});
const amps = fc.integer({ min: 0, max: 120 });

/** A generated site that audits with 0 errors, with random EVs, meter readings and operator limits. */
const scenario = fc
  .record({ seed: fc.integer({ min: 1, max: 1_000_000 }), mutations: fc.integer({ min: 0, max: 2 }) })
  .map(({ seed, mutations }) => randomSite(seed, mutations))
  .filter((site) => auditSite(site).every((f) => f.severity !== 'error'))
  .chain((site) =>
    // The grid connection point's asymmetry limit (VDE-AR-N 4100), on some sites.
    fc
      .option(fc.integer({ min: 0, max: 30 }), { nil: undefined })
      .map((imbalanceLimitA): Site =>
        imbalanceLimitA === undefined
          ? site
          : { ...site, mainConnection: { ...site.mainConnection, imbalanceLimitA } },
      ),
  )
  .chain((site) => {
    const cps = ecusOf(site).map((e) => e.chargePointId);
    const nets = siteDlmNetworks(site).map((n) => n.id);
    return fc
      .record({
        site: fc.constant(site),
        evs: fc.tuple(...cps.map(() => fc.option(liveEv, { nil: undefined }))),
        meters: fc.tuple(
          ...nets.map(() =>
            fc.option(
              fc.record({
                connected: fc.boolean(),
                samples: fc.array(fc.record({ l1: amps, l2: amps, l3: amps }), { maxLength: 3 }),
              }),
              { nil: undefined },
            ),
          ),
        ),
        operator: fc.tuple(
          ...nets.map(() => fc.option(fc.integer({ min: 0, max: 250 }), { nil: undefined })),
        ),
      })
      .map(({ evs, meters, operator }) => {
        const live: SiteLiveState = {
          evs: Object.fromEntries(cps.flatMap((id, i) => (evs[i] ? [[id, evs[i] as LiveEv]] : []))),
          meters: Object.fromEntries(nets.flatMap((id, i) => (meters[i] ? [[id, meters[i]]] : []))),
          operatorLimits: Object.fromEntries(
            nets.flatMap((id, i) => (operator[i] !== undefined ? [[id, phases(operator[i])]] : [])),
          ),
        };
        return { site, live };
      });
  });

describe('allocationInputOf (site + live state → allocation input)', () => {
  it('carries every declared rating and limit, and allocate() on it never exceeds any of them', () => {
    fc.assert(
      fc.property(scenario, ({ site, live }) => {
        const input: AllocationInput = parseAllocationInput(allocationInputOf(site, live));
        expect(input.mainConnectionLimit).toEqual(toPhaseVector(site.mainConnection.ratingA));
        expect(input.imbalanceLimitA).toBe(site.mainConnection.imbalanceLimitA);
        const lines = new Map(
          input.dlmNetworks.flatMap((n) => n.supplyLines.map((l) => [l.id.split('/').pop(), l])),
        );
        for (const line of site.supplyLines)
          if (lines.has(line.id)) expect(lines.get(line.id)?.limit).toEqual(toPhaseVector(line.ratingA));
        const cps = new Map(
          input.dlmNetworks.flatMap((n) =>
            n.supplyLines.flatMap((l) => l.chargePoints.map((cp) => [cp.id, cp])),
          ),
        );
        for (const ecu of ecusOf(site)) {
          const cp = cps.get(ecu.chargePointId);
          expect(cp?.phaseRotation).toBe(ecu.wiring.rotation);
          expect(cp?.connection).toBe(ecu.wiring.phases === 'single' ? 'singlePhase' : 'threePhase');
          expect(cp?.ratedCurrent).toBe(
            Math.min(ecu.ratedCurrentA, ecu.config.operatorCurrentLimit ?? Infinity),
          );
        }
        for (const net of siteDlmNetworks(site)) {
          const projected = input.dlmNetworks.find((n) => n.id === net.id);
          const c = net.masterConfig;
          if (c.evseSubDistributionLimit)
            expect(projected?.subDistributionLimit).toEqual(toPhaseVector(c.evseSubDistributionLimit));
          const operator = live.operatorLimits?.[net.id] ?? c.operatorEvseSubDistributionLimit;
          if (operator) expect(projected?.operatorLimit).toEqual(toPhaseVector(operator));
          if (c.externalMeterSupport === true && c.mainDistributionLimit)
            expect(projected?.externalMeter).toMatchObject({
              mainDistributionLimit: toPhaseVector(c.mainDistributionLimit),
              headroom: toPhaseVector(c.externalLoadHeadroom ?? phases(0)),
              ...(c.externalLoadFallback && { fallback: toPhaseVector(c.externalLoadFallback) }),
            });
        }
        const result = allocate(input);
        const current = new Map(result.chargePoints.map((cp) => [cp.id, cp.current]));
        expect(siteViolations(site, live, current)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('puts charge points without DLM under their supply line alone', () => {
    const site = aSite({
      stations: [anAmtron({ id: 'free', supplyLineId: 'line-1' })],
      supplyLines: [{ id: 'line-1', ratingA: phases(40) }],
    });
    const input = allocationInputOf(site);
    expect(input.dlmNetworks).toHaveLength(1);
    expect(input.dlmNetworks[0]).toMatchObject({
      subDistributionLimit: [40, 40, 40],
      supplyLines: [{ id: 'line-1', limit: [40, 40, 40] }],
    });
  });

  it('carries the main connection imbalance limit, and the audit still accepts the site', () => {
    const site = randomSite(7, 0);
    const limited: Site = { ...site, mainConnection: { ...site.mainConnection, imbalanceLimitA: 20 } };
    expect(allocationInputOf(limited).imbalanceLimitA).toBe(20);
    expect(allocationInputOf(site).imbalanceLimitA).toBeUndefined();
    expect(auditSite(limited)).toEqual(auditSite(site));
  });

  it('the checker catches a limit broken by a projection that forgets it', () => {
    // Can-fail guard: drop the operator limit from a site whose operator limit binds.
    const site = randomSite(7, 0);
    const net = siteDlmNetworks(site)[0]!;
    const cps = net.members.map((m) => m.chargePointId);
    const live: SiteLiveState = {
      evs: Object.fromEntries(
        cps.map((id, i) => [id, { state: 'charging', phasesInUse: 3, pluggedInAt: i }]),
      ),
      operatorLimits: { [net.id]: phases(6) },
      // A live meter reading no load, so the meter's fallback (9999 A: stop) does not bind instead.
      meters: { [net.id]: { connected: true, samples: [phases(0)] } },
    };
    const input = allocationInputOf(site, live);
    const forgetful = {
      ...input,
      dlmNetworks: input.dlmNetworks.map(({ operatorLimit: _dropped, ...n }) => n),
    };
    const current = new Map(
      allocate(parseAllocationInput(forgetful)).chargePoints.map((c) => [c.id, c.current]),
    );
    expect(siteViolations(site, live, current).some((v) => v.includes('operator'))).toBe(true);
  });
});
