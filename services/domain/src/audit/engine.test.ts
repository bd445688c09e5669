import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { phases } from '../config/builders';
import { randomSite } from '../planning/random-site';
import { useCase4 } from '../planning/templates';
import { auditSite, listRules, summarizeFindings } from './engine';
import { Finding } from './finding';
import { fallbackEffect } from './meter-fallback';
import { ipToNumber, netmaskBits } from './values';

describe('audit engine', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 200 })(
    'audits any generated site without throwing; every finding is well-formed and names a known rule',
    (seed) => {
      const site = randomSite(seed, 4);
      const ids = new Set(listRules().map((r) => r.id));
      const stationIds = new Set(site.stations.map((s) => s.id));
      for (const finding of auditSite(site)) {
        expect(Finding.safeParse(finding).success).toBe(true);
        expect(ids.has(finding.ruleId)).toBe(true);
        if (
          finding.target.kind === 'station' ||
          finding.target.kind === 'ecu' ||
          finding.target.kind === 'parameter'
        )
          expect(stationIds.has(finding.target.stationId)).toBe(true);
      }
    },
  );

  it('is deterministic, orders errors first, and can run a subset of rules', () => {
    const site = randomSite(7, 6);
    const findings = auditSite(site);
    expect(auditSite(site)).toEqual(findings);
    const order = findings.map((f) => ['error', 'warning', 'info'].indexOf(f.severity));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(
      auditSite(site, { only: ['meter.fallback-effect'] }).every((f) => f.ruleId === 'meter.fallback-effect'),
    ).toBe(true);
    const summary = summarizeFindings(findings);
    expect(summary.errors + summary.warnings + summary.infos).toBe(findings.length);
  });

  it("lists rules with the manual section and how each was derived ('added' ones say why)", () => {
    const added = listRules().filter((r) => r.source === 'added');
    expect(added.length).toBeLessThan(10);
    for (const rule of listRules()) expect(rule.title.length).toBeGreaterThan(10);
  });
});

describe('external load fallback semantics (firmware help text, §7.4.1)', () => {
  const master = (fallbackA: number) =>
    useCase4({ option: 1, mainA: 100, supplyLineA: 63, fallbackA }).stations[0]?.ecus[0]?.config ?? {};

  it('9999 is taken as the meter reading: no current for EVs (the table claims the opposite)', () => {
    expect(fallbackEffect(master(9999))).toEqual({
      evBudget: phases(0),
      stopsCharging: true,
      assumesNoOtherLoad: false,
    });
  });
  it('0 assumes no other load: EVs keep their whole limit while the meter is out', () => {
    expect(fallbackEffect(master(0))).toMatchObject({
      evBudget: phases(63),
      stopsCharging: false,
      assumesNoOtherLoad: true,
    });
  });
  it('50 (the §7.4.1 example) leaves Main Distribution Limit − 50 A for EVs', () => {
    expect(fallbackEffect(master(50))?.evBudget).toEqual(phases(50));
  });
});

describe('address arithmetic', () => {
  it('parses dotted quads and contiguous netmasks only', () => {
    expect(ipToNumber('192.168.0.2')).toBe(0xc0a80002);
    expect(['256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', '', ' 1.2.3.4'].map(ipToNumber)).toEqual(
      Array(6).fill(undefined),
    );
    expect(netmaskBits('255.255.255.0')).toBe(24);
    expect(netmaskBits('255.0.255.0')).toBeUndefined();
  });
});
