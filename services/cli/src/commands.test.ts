import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { auditSite, Site, UseCase } from '@ampfleet/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness';

let dir: string;
const file = async (name: string, content: unknown) => {
  const p = path.join(dir, name);
  await writeFile(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-cli-'));
});

describe('ampfleet params and rules', () => {
  it('prints the catalog with per-firmware names', async () => {
    const r = await runCli(['params', '--firmware', '4.53']);
    const params = JSON.parse(r.stdout) as {
      key: string;
      nameInFirmware: string | null;
      available: boolean;
    }[];
    expect(params.length).toBeGreaterThan(20);
    expect(params.find((p) => p.key === 'externalLoadHeadroom')).toMatchObject({
      available: false,
      nameInFirmware: null,
    });
  });

  it('prints every rule with id, severity and manual section', async () => {
    const rules = JSON.parse((await runCli(['rules'])).stdout) as {
      id: string;
      severity: string;
      section: string;
    }[];
    expect(rules.length).toBeGreaterThanOrEqual(40);
    for (const rule of rules) expect(rule.section).toMatch(/^§/);
  });
});

describe('ampfleet template and audit', () => {
  it.each(UseCase.options)('%s produces a site that audits with zero errors', async (useCase) => {
    const t = await runCli(['template', useCase, ...(useCase === 'use-case-4' ? ['--option', '2'] : [])]);
    expect(t.code).toBe(0);
    const siteFile = await file(`${useCase}.json`, t.stdout);
    const a = await runCli(['audit', siteFile]);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ summary: { errors: 0 } });
  });

  it('finds what the manual forbids: two DLM masters in one network', async () => {
    const site = Site.parse(JSON.parse((await runCli(['template', 'use-case-2'])).stdout));
    const slave = site.stations[1]?.ecus[0];
    if (!slave) throw new Error('template has no second station');
    slave.config.dlmMode = 'masterWithInternalSlave';
    slave.config.evseSubDistributionLimit = { l1: 100, l2: 100, l3: 100 };
    slave.config.operatorEvseSubDistributionLimit = { l1: 100, l2: 100, l3: 100 };
    const expected = auditSite(site)
      .filter((f) => f.severity === 'error')
      .map((f) => f.ruleId);
    expect(expected.length).toBeGreaterThan(0);
    const a = await runCli(['audit', await file('two-masters.json', site)]);
    const out = JSON.parse(a.stdout) as { findings: { ruleId: string; severity: string }[] };
    expect(out.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)).toEqual(expected);
  });

  it('names the bad field of an invalid site and exits 1', async () => {
    const site = JSON.parse((await runCli(['template', 'use-case-1'])).stdout) as {
      supplyLines: { ratingA: { l2: unknown } }[];
    };
    const line = site.supplyLines[0];
    if (line) line.ratingA.l2 = 'a lot';
    const r = await runCli(['audit', await file('bad.json', site)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('supplyLines.0.ratingA.l2');
  });

  it('says when a file is missing or not JSON', async () => {
    expect((await runCli(['audit', path.join(dir, 'nope.json')])).stderr).toContain('cannot read: ENOENT');
    const r = await runCli(['audit', await file('broken.json', '{"id":')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not valid JSON');
  });

  it('refuses template options that make no sense, naming them', async () => {
    const r = await runCli(['template', 'use-case-4', '--option', '3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('option: must be 1');
    expect((await runCli(['template', 'use-case-9'])).stderr).toContain('useCase');
    expect((await runCli(['template', 'use-case-1', '--colour', 'red'])).code).toBe(2);
  });
});

describe('ampfleet drift and plan', () => {
  it('reports no drift when the ECUs report what the site wants, and drift when they do not', async () => {
    const site = Site.parse(JSON.parse((await runCli(['template', 'use-case-1'])).stdout));
    const reported = Object.fromEntries(
      site.stations.flatMap((s) => s.ecus.map((e) => [e.chargePointId, { config: e.config }])),
    );
    const siteFile = await file('desired.json', site);
    const same = JSON.parse(
      (await runCli(['drift', siteFile, await file('same.json', reported)])).stdout,
    ) as { counts: { drifted: number } };
    expect(same.counts.drifted).toBe(0);
    const first = Object.values(reported)[0] as { config: Record<string, unknown> };
    first.config.dlmNetworkId = 7;
    const changed = JSON.parse(
      (await runCli(['drift', siteFile, await file('changed.json', reported)])).stdout,
    ) as { counts: { drifted: number } };
    expect(changed.counts.drifted).toBe(1);
  });

  it('plans the §3.2 phase rotation for three AMEDIOs', async () => {
    const stations = [1, 2, 3].map((i) => ({ id: `amedio-${i}`, model: 'AMEDIO Professional+' }));
    const r = await runCli(['plan', 'rotation', await file('rotation.json', { stations })]);
    const plan = JSON.parse(r.stdout) as { chargePoints: { rotation: string }[] }[];
    expect(plan.map((s) => s.chargePoints.map((c) => c.rotation))).toEqual([
      ['RST', 'STR'],
      ['STR', 'TRS'],
      ['TRS', 'RST'],
    ]);
  });

  it('refuses a network plan with a non-websocket backend URL, naming the field', async () => {
    const r = await runCli([
      'plan',
      'network',
      await file('net.json', {
        stations: [{ id: 's1', model: 'AMTRON Professional+', firmware: '4.61' }],
        backend: 'sim',
        backendUrl: 'http://x',
      }),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('backendUrl: must start with ws:// or wss://');
  });
});
