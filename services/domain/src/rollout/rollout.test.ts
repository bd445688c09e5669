import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { auditSite } from '../audit/engine';
import { phases } from '../config/builders';
import { paramSpec } from '../config/catalog';
import { diffSites } from '../config/site-diff';
import type { Site } from '../config/site';
import { randomSite } from '../planning/random-site';
import { useCase2, useCase3, useCase4 } from '../planning/templates';
import { applyChange } from './apply';
import { ROLLOUT_TEMPLATES, type RolloutChange } from './change';
import { auditRefs, dryRunSite } from './dry-run';
import { planEcuSteps } from './ecu-steps';
import { ecuOutcome, progressOf, sitesToStart, stepOutcome, type RolloutSiteState } from './progress';

const seed = fc.integer({ min: 1, max: 1_000_000 });
const operatorLimit = fc
  .integer({ min: 6, max: 32 })
  .map((amps): RolloutChange => ({ kind: 'parameter', param: 'operatorCurrentLimit', value: amps }));
const sampleRate = fc
  .integer({ min: 1, max: 3600 })
  .map((s): RolloutChange => ({ kind: 'parameter', param: 'dlmSampleRate', value: s }));
const template = fc
  .constantFrom(...ROLLOUT_TEMPLATES)
  .map((t): RolloutChange => ({ kind: 'template', template: t }));
const change = fc.oneof(operatorLimit, sampleRate, template);

const ecusOf = (site: Site) => site.stations.flatMap((s) => s.ecus);
const isMaster = (mode: unknown) => mode === 'masterWithInternalSlave' || mode === 'masterStandalone';

describe('applyChange', () => {
  test.prop([seed, operatorLimit])('a parameter change sets that parameter and nothing else', (s, c) => {
    const site = randomSite(s);
    const applied = applyChange(site, c);
    if (!applied.ok) throw new Error(applied.error.message);
    for (const d of diffSites(site, applied.site)) expect(d.path).toMatch(/\.config\.operatorCurrentLimit$/);
    // eachEcu scope: every ECU whose firmware has it now carries the value.
    for (const ecu of ecusOf(applied.site))
      expect(ecu.config.operatorCurrentLimit).toBe(c.kind === 'parameter' && c.value);
  });

  test.prop([seed, sampleRate])('a dlmMaster-scoped parameter reaches the DLM masters only', (s, c) => {
    const site = randomSite(s);
    const applied = applyChange(site, c);
    const before = ecusOf(site);
    if (!applied.ok) {
      expect(applied.error.path).toBe('change.param');
      expect(before.some((e) => isMaster(e.config.dlmMode))).toBe(false);
      return;
    }
    ecusOf(applied.site).forEach((ecu, i) => {
      const old = before[i];
      if (isMaster(ecu.config.dlmMode))
        expect(ecu.config.dlmSampleRate).toBe(c.kind === 'parameter' && c.value);
      else expect(ecu.config.dlmSampleRate).toEqual(old?.config.dlmSampleRate);
    });
  });

  test.prop([seed, change])('applying a change twice equals applying it once', (s, c) => {
    const once = applyChange(randomSite(s), c);
    if (!once.ok) return;
    const twice = applyChange(once.site, c);
    expect(twice).toEqual(once);
  });

  it('names the bad field: an out-of-range value, an unknown-to-the-site parameter, a template that does not fit', () => {
    const site = useCase2({ supplyLineA: 100 });
    expect(applyChange(site, { kind: 'parameter', param: 'operatorCurrentLimit', value: 500 })).toMatchObject(
      {
        ok: false,
        error: { path: 'change.value' },
      },
    );
    expect(
      applyChange(site, { kind: 'parameter', param: 'operatorCurrentLimit', value: '16' }),
    ).toMatchObject({
      ok: false,
      error: { path: 'change.value' },
    });
    expect(applyChange(site, { kind: 'parameter', param: 'wanRouter', value: true })).toMatchObject({
      ok: false,
      error: { path: 'change.param' },
    });
    expect(applyChange(site, { kind: 'template', template: 'useCase3' })).toMatchObject({
      ok: false,
      error: { path: 'change.template' },
    });
    const noMeter = applyChange(site, { kind: 'template', template: 'useCase4' });
    expect(noMeter).toMatchObject({ ok: false, error: { path: 'change.template' } });
    expect(noMeter.ok ? '' : noMeter.error.message).toMatch(/external meter/);
  });

  test.prop([fc.integer({ min: 32, max: 250 }), fc.integer({ min: 32, max: 250 })])(
    'a template applied to a site built by that template keeps it free of errors',
    (a, b) => {
      for (const [site, t] of [
        [useCase2({ supplyLineA: a }), 'useCase2'],
        [
          useCase3({
            lines: [
              { ratingA: a, stations: ['AMEDIO Professional+'] },
              { ratingA: b, stations: ['AMTRON Professional'] },
            ],
          }),
          'useCase3',
        ],
        [useCase4({ option: 2, mainA: Math.max(a, 63) }), 'useCase4'],
      ] as const) {
        const applied = applyChange(site, { kind: 'template', template: t });
        if (!applied.ok) throw new Error(applied.error.message);
        expect(auditSite(applied.site).filter((f) => f.severity === 'error')).toEqual([]);
      }
    },
  );

  it('§7.2 on a site without DLM makes the first ECU the master with the supply line as its limit', () => {
    const site = useCase2({ supplyLineA: 80 });
    const bare: Site = {
      ...site,
      stations: site.stations.map((s) => ({
        ...s,
        ecus: s.ecus.map((e) => ({ ...e, config: { phaseRotation: e.config.phaseRotation } })),
      })),
    };
    const applied = applyChange(bare, { kind: 'template', template: 'useCase2' });
    if (!applied.ok) throw new Error(applied.error.message);
    const [master, ...slaves] = ecusOf(applied.site);
    expect(master?.config).toMatchObject({
      dlmMode: 'masterWithInternalSlave',
      evseSubDistributionLimit: phases(80),
    });
    for (const slave of slaves)
      expect(slave.config).toMatchObject({ dlmMode: 'slaveAutoDiscovery', dlmNetworkId: 0 });
  });
});

describe('dry run', () => {
  test.prop([seed, change])(
    'new findings are after-only, removed ones before-only; blocked iff new errors or invalid',
    (s, c) => {
      const site = randomSite(s);
      const copy = structuredClone(site);
      const result = dryRunSite(site, c);
      expect(site).toEqual(copy);
      if (result.outcome === 'invalid') {
        expect(result.blocked).toBe(true);
        expect(result.error?.path).toMatch(/^(change|site)\./);
        return;
      }
      const applied = applyChange(site, c);
      if (!applied.ok) throw new Error('dry run and apply disagree');
      const beforeIds = new Set(auditRefs(site).map((f) => f.id));
      const afterIds = new Set(auditRefs(applied.site).map((f) => f.id));
      for (const f of result.newFindings)
        expect([beforeIds.has(f.id), afterIds.has(f.id)]).toEqual([false, true]);
      for (const f of result.removedFindings)
        expect([beforeIds.has(f.id), afterIds.has(f.id)]).toEqual([true, false]);
      expect(result.blocked).toBe(result.newFindings.some((f) => f.severity === 'error'));
      expect(result.outcome === 'unchanged').toBe(planEcuSteps(site, applied.site).length === 0);
    },
  );

  it('shows the finding a change causes and the one it removes', () => {
    const site = useCase2({ supplyLineA: 100 });
    // Operator limit above the EVSE Sub-Distribution Limit (§7.1): a new error, the site is blocked.
    const tooHigh: RolloutChange = {
      kind: 'parameter',
      param: 'operatorEvseSubDistributionLimit',
      value: phases(150),
    };
    const raised = dryRunSite(site, tooHigh);
    expect(raised).toMatchObject({ outcome: 'changes', blocked: true, removedFindings: [] });
    expect(raised.newFindings.map((f) => f.ruleId)).toEqual(['dlm.operator-within-sub']);
    const broken = applyChange(site, tooHigh);
    if (!broken.ok) throw new Error(broken.error.message);
    // §7.2 applied again sets the operator limit back to the supply line: the finding goes.
    const restore = dryRunSite(broken.site, { kind: 'template', template: 'useCase2' });
    expect(restore).toMatchObject({ blocked: false, newFindings: [] });
    expect(restore.removedFindings.map((f) => f.id)).toEqual(raised.newFindings.map((f) => f.id));
  });
});

describe('ECU steps', () => {
  it('one ChangeConfiguration per changed parameter, read-only keys manual, Save & Restart flagged', () => {
    const site = useCase2({ supplyLineA: 100, firmware: '4.61-6000-a1b2c3d4e' });
    const applied = applyChange(site, { kind: 'parameter', param: 'dlmSampleRate', value: 10 });
    if (!applied.ok) throw new Error(applied.error.message);
    const steps = planEcuSteps(site, applied.site);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({
      restartNeeded: paramSpec('dlmSampleRate').apply === 'saveAndRestart',
      params: [{ param: 'dlmSampleRate', key: 'DLM Algorithm Sample Rate', value: '10', action: 'send' }],
    });
    const limit = applyChange(site, { kind: 'template', template: 'useCase2' });
    if (!limit.ok) throw new Error(limit.error.message);
    const resized = {
      ...limit.site,
      supplyLines: limit.site.supplyLines.map((l) => ({ ...l, ratingA: phases(63) })),
    };
    const again = applyChange(resized, { kind: 'template', template: 'useCase2' });
    if (!again.ok) throw new Error(again.error.message);
    const master = planEcuSteps(resized, again.site)[0];
    expect(master?.params.find((p) => p.param === 'evseSubDistributionLimit')).toMatchObject({
      action: 'manual',
      value: '(63/63/63)',
    });
    expect(master?.params.find((p) => p.param === 'operatorEvseSubDistributionLimit')).toMatchObject({
      action: 'send',
    });
  });
});

describe('progress', () => {
  const states = fc.array(
    fc.constantFrom<RolloutSiteState>('queued', 'applying', 'done', 'failed', 'cancelled'),
    { maxLength: 300 },
  );
  test.prop([states, fc.integer({ min: 1, max: 50 })])(
    'never starts more than the cap allows',
    (list, cap) => {
      const sites = list.map((state) => ({ state }));
      const inFlight = list.filter((s) => s === 'applying').length;
      const start = sitesToStart(sites, cap);
      expect(inFlight + start.length).toBeLessThanOrEqual(Math.max(cap, inFlight));
      expect(start.every((s) => s.state === 'queued')).toBe(true);
      const p = progressOf(list);
      expect(p.queued + p.inFlight + p.done + p.failed + p.cancelled).toBe(list.length);
      expect(p.percent).toBeGreaterThanOrEqual(0);
      expect(p.percent).toBeLessThanOrEqual(100);
    },
  );

  it('a command past its deadline and grace without an answer fails its ECU; one failure fails the ECU', () => {
    const deadline = '2026-12-01T10:00:00.000Z';
    expect(stepOutcome({ status: 'pending', deadline }, new Date('2026-12-01T10:00:30Z'), 60)).toBe(
      'pending',
    );
    expect(stepOutcome({ status: 'pending', deadline }, new Date('2026-12-01T10:01:01Z'), 60)).toBe('failed');
    expect(stepOutcome({ status: 'accepted', deadline }, new Date(0), 60)).toBe('succeeded');
    expect(stepOutcome({ status: 'rejected', deadline }, new Date(0), 60)).toBe('failed');
    expect(ecuOutcome(['succeeded', 'pending'])).toBe('pending');
    expect(ecuOutcome(['pending', 'failed'])).toBe('failed');
    expect(ecuOutcome([])).toBe('succeeded');
  });
});
