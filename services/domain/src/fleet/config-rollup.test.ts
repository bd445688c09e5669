import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { siteOfPartitionKey, tableKeys } from '../contracts/table';
import {
  compareBasis,
  contributionDelta,
  rollupView,
  siteContribution,
  sumContributions,
  type AuditBasis,
  type RollupCounters,
} from './config-rollup';

// The incremental roll-up's algebra: adding each change's delta to a running total gives the sum of the
// latest contributions; a basis only moves forward.

const aContribution = fc.dictionary(
  fc.constantFrom('sites', 'rule#a', 'rule#b', 'firmware#4.61', 'severity#error'),
  fc.nat(5),
);

describe('config roll-up', () => {
  test.prop([fc.array(fc.tuple(fc.nat(3), aContribution), { maxLength: 30 })])(
    'the running sum of deltas equals the sum of each site’s latest contribution',
    (changes) => {
      const latest = new Map<number, RollupCounters>();
      const running: RollupCounters = {};
      for (const [site, next] of changes) {
        for (const [name, d] of Object.entries(contributionDelta(latest.get(site), next)))
          running[name] = (running[name] ?? 0) + d;
        latest.set(site, next);
      }
      expect(sumContributions([running])).toEqual(sumContributions(latest.values()));
    },
  );

  it('a delta of an unchanged contribution is empty (no roll-up write)', () => {
    expect(contributionDelta({ sites: 1, 'rule#a': 2 }, { 'rule#a': 2, sites: 1 })).toEqual({});
  });

  it('counts sites per rule and sites with drift once per site, findings and ECUs per occurrence', () => {
    const drift = (drifted: number) =>
      ({
        ecus: [],
        counts: {
          ecus: 2,
          inSync: 2 - drifted,
          drifted,
          unreported: 0,
          driftedParameters: drifted,
          notApplicable: 0,
        },
        firmwareMix: {},
      }) as never;
    const f = (ruleId: string) => ({ ruleId, severity: 'warning' as const });
    const a = siteContribution([f('x.a'), f('x.a'), f('x.b')], drift(2));
    const b = siteContribution([f('x.a')], drift(0));
    const view = rollupView(sumContributions([a, b]));
    expect(view.findingsByRule).toEqual({ 'x.a': 3, 'x.b': 1 });
    expect(view.sitesByRule).toEqual({ 'x.a': 2, 'x.b': 1 });
    expect([view.driftedEcus, view.driftedSites]).toEqual([2, 1]);
  });

  const basis = (desiredVersion: number, reported: Record<string, string>): AuditBasis => ({
    desiredVersion,
    reported,
  });
  it('orders bases: an older version or snapshot, or a lost ECU, is older; anything newer and nothing older is newer', () => {
    const stored = basis(2, { a: '2026-01-01T00:00:00.000Z#1' });
    expect(compareBasis(stored, basis(2, { a: '2026-01-01T00:00:00.000Z#1' }))).toBe('same');
    expect(compareBasis(stored, basis(1, { a: '2026-01-01T00:00:00.000Z#9' }))).toBe('older');
    expect(compareBasis(stored, basis(3, { a: '2025-12-31T00:00:00.000Z#1' }))).toBe('older');
    expect(compareBasis(stored, basis(3, {}))).toBe('older');
    expect(compareBasis(stored, basis(3, { a: '2026-01-01T00:00:00.000Z#1' }))).toBe('newer');
    expect(compareBasis(stored, basis(2, { a: '2026-01-01T00:00:00.000Z#1', b: 'x' }))).toBe('newer');
  });

  it('finds the org and site of a site partition key only', () => {
    expect(siteOfPartitionKey(tableKeys.site('org-1', 'site-1').pk)).toEqual({
      orgId: 'org-1',
      siteId: 'site-1',
    });
    expect(siteOfPartitionKey(tableKeys.loadBucket('o', 's', 'n', 'm').pk)).toBeUndefined();
    expect(siteOfPartitionKey(tableKeys.orgConfigRollup('o').pk)).toBeUndefined();
  });
});
