import { forOrg, type FleetStore } from '@ampfleet/adapters';
import { readLoad, registerSite } from '@ampfleet/app';
import {
  aUser,
  LoadGetOutput,
  useCase4,
  type Site,
  type TelemetryMessage,
  type TwinFinding,
} from '@ampfleet/domain';
import { EV_TYPES } from '@ampfleet/edge-agent/sim';
import { ingestTelemetry } from '@ampfleet/functions/ingest-telemetry';
import { loadTwin } from '@ampfleet/functions/load-twin';
import { handlerRuntime } from '@ampfleet/functions/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telemetryTopic } from '../support/builders';
import { startTestStore, useStoreEnv, type TestStore } from '../support/dynamo';
import { TwinSite, type SeededFaults } from '../support/twin-site';

// The twin over simulated sites (issue #13 point 3): ECU connector physics, a simulated DLM master and
// the edge's DLM reducer produce the telemetry; every message goes through the real ingest handler and
// every 'dlmState' through the real twin handler, over DynamoDB Local, on an injected clock (one DLM
// sample period per step). Each seeded misconfiguration is found with its diagnosis; a correct site —
// also one whose limits bind — produces none; a corrected site clears its finding after the window.

const ORG = 'org-twin';
let store: TestStore;
let fleet: FleetStore;
const start = new Date('2026-12-02T10:00:00.000Z');

beforeAll(async () => {
  store = await startTestStore('ampfleet-twin');
  useStoreEnv(store);
  fleet = { doc: store.clients.doc, table: store.table };
});
afterAll(() => store.stop());

/** Two AMEDIOs (4 charge points, rotations per the §3.2 plan) behind a meter (§7.4.2), 63 A line. */
function aSiteWithMeter(id: string, over: { operatorA?: number } = {}): Site {
  const site = {
    ...useCase4({
      option: 2,
      stations: ['AMEDIO Professional+', 'AMEDIO Professional+'],
      mainA: 100,
      fallbackA: 50,
    }),
    id,
  };
  if (over.operatorA === undefined) return site;
  return {
    ...site,
    stations: site.stations.map((s) => ({
      ...s,
      ecus: s.ecus.map((e) =>
        e.config.dlmMode?.startsWith('master')
          ? {
              ...e,
              config: {
                ...e.config,
                operatorEvseSubDistributionLimit: {
                  l1: over.operatorA!,
                  l2: over.operatorA!,
                  l3: over.operatorA!,
                },
              },
            }
          : e,
      ),
    })),
  };
}

async function deliver(siteId: string, messages: readonly TelemetryMessage[]): Promise<void> {
  const rt = handlerRuntime();
  for (const message of messages) {
    const event = {
      ...message,
      topic: telemetryTopic(ORG, siteId),
      receivedAt: Date.parse(message.observedAt),
    };
    expect(['applied', 'stale']).toContain((await ingestTelemetry(event, rt)).status);
    if (message.type === 'dlmState')
      expect(['evaluated', 'skipped']).toContain((await loadTwin(event, rt)).status);
  }
}

async function findings(siteId: string): Promise<TwinFinding[]> {
  const ctx = { repos: forOrg(ORG, fleet), clock: { now: () => start }, principal: aUser(ORG) };
  const view = await readLoad(ctx, { siteId });
  expect(LoadGetOutput.parse(view)).toEqual(view); // what load.get's .output() checks
  return view.findings ?? [];
}

interface Scenario {
  readonly siteId: string;
  readonly site: Site;
  readonly faults?: SeededFaults;
  /** EVs plugged in at the start, by charge point index in the network. */
  readonly evs: readonly (keyof typeof EV_TYPES)[];
}

async function simulate(s: Scenario, steps: number): Promise<TwinSite> {
  await registerSite({ repos: forOrg(ORG, fleet) }, s.site);
  const sim = new TwinSite({ site: s.site, start, ...(s.faults && { faults: s.faults }) });
  const members = sim.network.members.map((m) => m.chargePointId);
  s.evs.forEach((type, i) => {
    const id = members[i];
    if (id) sim.plugIn(id, { ...EV_TYPES[type], batteryWh: 60_000, stateOfCharge: 0.3 });
  });
  for (let i = 0; i < steps; i++) await deliver(s.siteId, sim.step().messages);
  return sim;
}

const summary = (f: TwinFinding) => ({ code: f.code, chargePointId: f.chargePointId, params: f.params });
const STEPS = 5; // the window raises after 3 evaluations spanning 2 sample periods

describe('the twin over simulated sites', () => {
  it('a correct site produces no finding — with free capacity and with binding limits', async () => {
    for (const [siteId, site] of [
      ['twin-ok', aSiteWithMeter('twin-ok')],
      ['twin-ok-tight', aSiteWithMeter('twin-ok-tight', { operatorA: 24 })],
    ] as const) {
      const sim = await simulate(
        { siteId, site, evs: ['3-phase-16A', '1-phase-32A', '2-phase-16A', '3-phase-32A'] },
        STEPS,
      );
      expect(await findings(siteId)).toEqual([]);
      // The twin did run on every sample: a prediction per charge point, beside the reported offer.
      const twin = await forOrg(ORG, fleet).load.twin(siteId);
      expect(twin?.state.networks[sim.network.id]?.evaluatedAt).toBe(
        new Date(start.getTime() + (STEPS * sim.sampleRateS + 0.5) * 1000).toISOString(),
      );
      const predictions = Object.values(twin?.state.predictions ?? {});
      expect(predictions).toHaveLength(sim.network.members.length);
      for (const p of predictions)
        expect(Math.abs(p.predictedA - (p.reportedOfferedA ?? -99))).toBeLessThanOrEqual(2);
      // With the 24 A operator limit the limit binds: four EVs of up to 15 A each share it.
      const l1 = predictions.reduce((sum, p) => sum + p.predictedA, 0);
      if (siteId === 'twin-ok-tight') expect(l1).toBeLessThan(4 * 15);
    }
  });

  it('§3.2: a charge point set R/S/T but wired S/T/R — its single-phase EV draws on L2', async () => {
    const site = aSiteWithMeter('twin-rotation');
    const first = site.stations[0]!.ecus[0]!.chargePointId;
    await simulate(
      { siteId: 'twin-rotation', site, faults: { wiredRotation: { [first]: 'STR' } }, evs: ['1-phase-32A'] },
      STEPS,
    );
    expect((await findings('twin-rotation')).map(summary)).toEqual([
      {
        code: 'phaseRotationContradicted',
        chargePointId: first,
        params: { configured: 'RST', measured: 'STR', evPhases: 1, drawnOn: 'L2', expectedOn: 'L1' },
      },
    ]);
  });

  it('§7: a satellite that does not reach its master', async () => {
    const site = aSiteWithMeter('twin-satellite');
    const satellite = site.stations[1]!.ecus[1]!.chargePointId;
    await simulate(
      {
        siteId: 'twin-satellite',
        site,
        faults: { disconnectedSatellites: [satellite] },
        evs: ['3-phase-16A', '3-phase-16A', '3-phase-16A', '3-phase-16A'],
      },
      STEPS,
    );
    const found = await findings('twin-satellite');
    expect(found.map((f) => [f.code, f.chargePointId, f.manualSection])).toEqual([
      ['satelliteNotConnected', satellite, '§7'],
    ]);
    expect(found[0]?.params).toMatchObject({
      master: site.stations[0]!.ecus[0]!.chargePointId,
      reportedOfferedA: 0,
    });
  });

  it('§7.1: an operator limit not as configured — raised, then cleared once corrected', async () => {
    const site = aSiteWithMeter('twin-limit');
    const sim = await simulate(
      {
        siteId: 'twin-limit',
        site,
        faults: { masterConfig: { operatorEvseSubDistributionLimit: { l1: 20, l2: 20, l3: 20 } } },
        evs: ['3-phase-16A', '3-phase-16A'],
      },
      STEPS,
    );
    const [finding, ...rest] = await findings('twin-limit');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      code: 'limitNotAsConfigured',
      manualSection: '§7.1',
      params: { setting: 'operatorEvseSubDistributionLimit', configured: '63/63/63', reported: '20/20/20' },
    });
    sim.setFaults({});
    await deliver('twin-limit', sim.step().messages);
    expect(await findings('twin-limit')).toHaveLength(1); // one good sample does not clear it (hysteresis)
    for (let i = 0; i < 3; i++) await deliver('twin-limit', sim.step().messages);
    expect(await findings('twin-limit')).toEqual([]);
  });

  it('§7.1 under load control: the operator limit the cloud commanded is no finding, and predicts the offers', async () => {
    const site = aSiteWithMeter('twin-commanded');
    const networkId = new TwinSite({ site, start }).network.id;
    // The controller commanded 20 A (stored commanded limits); the master applied it.
    await forOrg(ORG, fleet).loadControl.setCommanded('twin-commanded', {
      networks: { [networkId]: { amps: 20, at: start.toISOString() } },
      chargePoints: {},
    });
    await simulate(
      {
        siteId: 'twin-commanded',
        site,
        faults: { masterConfig: { operatorEvseSubDistributionLimit: { l1: 20, l2: 20, l3: 20 } } },
        evs: ['3-phase-16A', '3-phase-16A', '3-phase-16A'],
      },
      STEPS,
    );
    expect(await findings('twin-commanded')).toEqual([]);
    // The twin predicted under the commanded 20 A: three EVs share it (6 or 7 A each), as reported.
    const twin = await forOrg(ORG, fleet).load.twin('twin-commanded');
    const predictions = Object.values(twin?.state.predictions ?? {});
    expect(predictions.reduce((sum, p) => sum + p.predictedA, 0)).toBeLessThanOrEqual(20);
    for (const p of predictions)
      expect(Math.abs(p.predictedA - (p.reportedOfferedA ?? -99))).toBeLessThanOrEqual(2);
  });

  it('§7.4.1: the meter is lost and the fallback stands in for it', async () => {
    await simulate(
      {
        siteId: 'twin-meter',
        site: aSiteWithMeter('twin-meter'),
        faults: { meterLost: true },
        evs: ['3-phase-16A', '1-phase-16A'],
      },
      STEPS,
    );
    expect((await findings('twin-meter')).map(summary)).toEqual([
      { code: 'fallbackMeterLost', chargePointId: undefined, params: { fallback: '50/50/50' } },
    ]);
  });
});
