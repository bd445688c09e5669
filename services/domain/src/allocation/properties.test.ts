// Invariants of the allocation, over thousands of generated site trees (fast-check).
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { allocate } from './allocate';
import type { AllocationResult } from './explain';
import type { AllocationInput, ChargePoint, PerPhaseAmps } from './schema';
import { aRandomSite } from './testing/arbitraries';
import { cpMax, gridLoad, limitsOf, violations } from './testing/invariants';

const WANTS = ['ready', 'charging', 'suspendedEv'];
const allCps = (input: AllocationInput): ChargePoint[] =>
  input.dlmNetworks.flatMap((n) => n.supplyLines.flatMap((l) => l.chargePoints));
const wanting = (input: AllocationInput): ChargePoint[] =>
  allCps(input).filter((cp) => cp.ev !== undefined && WANTS.includes(cp.ev.state));
const fifo = (a: ChargePoint, b: ChargePoint): number =>
  (a.ev?.pluggedInAt ?? 0) - (b.ev?.pluggedInAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Would these CPs at their min currents break any limit? (recomputed from the input alone) */
function overloadedAtMin(input: AllocationInput, set: Set<string>): boolean {
  const atMin = (cp: ChargePoint): number => (set.has(cp.id) ? (cp.ev?.minCurrent ?? 0) : 0);
  const { limits, networks } = limitsOf(input);
  const over = limits.some(({ cps, limit }) =>
    gridLoad(cps, atMin).some((l, p) => l > (limit[p] ?? 0) + 1e-6),
  );
  const unbalanced = networks.some((net) => {
    if (net.imbalanceLimit === undefined) return false;
    const load = gridLoad(net.cps, atMin).map((l, p) => l + (net.external[p] ?? 0));
    return [0, 1, 2].some((p) =>
      [0, 1, 2].some(
        (q) =>
          (load[p] ?? 0) - (load[q] ?? 0) >
          Math.max(net.imbalanceLimit ?? 0, (net.external[p] ?? 0) - (net.external[q] ?? 0)) + 1e-6,
      ),
    );
  });
  return over || unbalanced;
}

const runs = { numRuns: 1500 };

describe('every allocation', () => {
  test.prop([fc.oneof(aRandomSite(), aRandomSite({ imbalance: true }))], runs)(
    'holds every node limit and the imbalance limit; gives 0 or whole amps in [min, max]',
    (input) => {
      expect(violations(input, allocate(input))).toEqual([]);
    },
  );

  test.prop([fc.oneof(aRandomSite(), aRandomSite({ imbalance: true }))], runs)(
    'Fair Trade (FIFO): a CP charges iff it fits at min current next to the earlier ones that charge',
    (input) => {
      const result = allocate(input);
      const current = new Map(result.chargePoints.map((c) => [c.id, c.current]));
      const charging = new Set<string>();
      for (const cp of wanting(input).sort(fifo)) {
        const fits =
          cp.ev !== undefined &&
          cp.ev.minCurrent <= cpMax(cp) &&
          !overloadedAtMin(input, new Set([...charging, cp.id]));
        expect({ id: cp.id, charging: (current.get(cp.id) ?? 0) > 0 }).toEqual({ id: cp.id, charging: fits });
        if (fits) charging.add(cp.id);
      }
    },
  );

  test.prop([aRandomSite()], runs)(
    'is max-min fair: every CP below its cap has a full bottleneck where nobody gets more (continuous share)',
    (input) => {
      const result = allocate(input);
      const share = new Map(result.chargePoints.map((c) => [c.id, c]));
      const { limits } = limitsOf(input);
      for (const cp of wanting(input)) {
        const mine = share.get(cp.id);
        if (mine === undefined || mine.current === 0) continue;
        expect(Math.abs(mine.current - mine.fairShare)).toBeLessThan(1);
        if (mine.reason.kind !== 'nodeLimit') continue;
        const x = mine.fairShare;
        const bottleneck = limits.some(({ cps, limit }) => {
          if (!cps.includes(cp)) return false;
          const phase = ['L1', 'L2', 'L3'].indexOf(mine.reason.kind === 'nodeLimit' ? mine.reason.phase : '');
          const members = cps.filter(
            (o) => share.get(o.id)?.current !== 0 && (share.get(o.id)?.gridCurrents[phase] ?? 0) > 0,
          );
          const load = members.reduce((s, o) => s + (share.get(o.id)?.fairShare ?? 0), 0);
          const full = load >= (limit[phase] ?? 0) - 1e-6;
          const nobodyMore = members.every(
            (o) =>
              (share.get(o.id)?.fairShare ?? 0) <= x + 1e-6 ||
              Math.abs((share.get(o.id)?.fairShare ?? 0) - (o.ev?.minCurrent ?? 0)) < 1e-6,
          );
          return full && nobodyMore;
        });
        expect(bottleneck).toBe(true);
      }
    },
  );
});

describe('monotonicity', () => {
  const minOf = (input: AllocationInput, result: AllocationResult): number => {
    const ids = new Set(wanting(input).map((c) => c.id));
    return Math.min(...result.chargePoints.filter((c) => ids.has(c.id)).map((c) => c.fairShare));
  };
  const raise = (l: PerPhaseAmps, p: number, by: number): PerPhaseAmps =>
    l.map((v, q) => (q === p ? v + by : v)) as PerPhaseAmps;

  test.prop([aRandomSite(), fc.nat(), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 60 })], runs)(
    "raising a limit never lowers anyone's minimum, and FIFO admission only grows (lexicographically)",
    (input, which, phase, by) => {
      const before = allocate(input);
      const lines = input.dlmNetworks.flatMap((n) => n.supplyLines);
      const k = which % (1 + input.dlmNetworks.length + lines.length);
      const raised: AllocationInput = structuredClone(input);
      if (k === 0) raised.mainConnectionLimit = raise(raised.mainConnectionLimit, phase, by);
      else if (k <= raised.dlmNetworks.length) {
        const net = raised.dlmNetworks[k - 1];
        if (net) {
          net.subDistributionLimit = raise(net.subDistributionLimit, phase, by);
          if (net.operatorLimit) net.operatorLimit = raise(net.operatorLimit, phase, by);
        }
      } else {
        const line = raised.dlmNetworks.flatMap((n) => n.supplyLines)[k - 1 - raised.dlmNetworks.length];
        if (line) line.limit = raise(line.limit, phase, by);
      }
      const after = allocate(raised);
      expect(minOf(raised, after)).toBeGreaterThanOrEqual(minOf(input, before) - 1e-6);
      const order = wanting(input)
        .sort(fifo)
        .map((c) => c.id);
      const admittedBefore = order.map(
        (id) => (before.chargePoints.find((c) => c.id === id)?.current ?? 0) > 0,
      );
      const admittedAfter = order.map(
        (id) => (after.chargePoints.find((c) => c.id === id)?.current ?? 0) > 0,
      );
      const firstDiff = admittedBefore.findIndex((a, i) => a !== admittedAfter[i]);
      if (firstDiff >= 0) expect(admittedAfter[firstDiff]).toBe(true);
    },
  );

  test.prop([aRandomSite(), fc.nat()], runs)(
    'current an EV does not take goes to the others',
    (input, which) => {
      const charging = wanting(input).filter((c) => c.ev?.state === 'charging');
      const lazy = charging[which % Math.max(1, charging.length)];
      if (lazy?.ev === undefined) return;
      const before = allocate(input);
      const lowered: AllocationInput = structuredClone(input);
      const target = allCps(lowered).find((c) => c.id === lazy.id);
      if (target?.ev === undefined) return;
      // Keep the phase pattern (it reveals the EV's phases) and the 'including' meter reading out of it.
      if (lowered.dlmNetworks.some((n) => n.externalMeter.location === 'includingEvseSubDistribution'))
        return;
      target.ev.measuredCurrent = target.ev.measuredCurrent.map((a) => (a > 1 ? 1.5 : 0)) as PerPhaseAmps;
      target.ev.offeredCurrent = 32;
      const after = allocate(lowered);
      // Max-min fairness is lexicographic: one CP taking less can shift shares among the others,
      // but the least-served of them never gets less.
      const others = (r: AllocationResult): number[] =>
        r.chargePoints.filter((c) => c.id !== lazy.id && c.current > 0).map((c) => c.fairShare);
      const mine = (r: AllocationResult): number =>
        r.chargePoints.find((c) => c.id === lazy.id)?.fairShare ?? 0;
      expect(mine(after)).toBeLessThanOrEqual(mine(before) + 1e-6);
      expect(Math.min(...others(after))).toBeGreaterThanOrEqual(Math.min(...others(before)) - 1e-6);
    },
  );
});
