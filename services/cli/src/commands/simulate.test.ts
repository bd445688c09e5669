import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness';
import { commands } from '../main';
import { progressBar, simulateCommand } from './simulate';

const scenarios = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../domain/src/simulation/scenarios',
);
const useCase = (name: string) => path.join(scenarios, `${name}.json`);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-simulate-'));
  expect(commands).toContain(simulateCommand);
});

describe('ampfleet simulate', () => {
  it('prints the JSON report on stdout and progress in 10 % steps on a non-terminal stderr', async () => {
    const r = await runCli(['simulate', useCase('use-case-2'), '--hours', '2']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { steps: number; limitViolations: number; totals: object };
    expect(report).toMatchObject({ steps: 240, limitViolations: 0 });
    expect(report.totals).toHaveProperty('shareOfDemandMet');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/^use-case-2 \[\.+\] {3}0 %$/);
    expect(lines.at(-1)).toMatch(/\[#+\] 100 %$/);
  });

  it('prints a readable summary with units in --format table', async () => {
    const r = await runCli(['simulate', useCase('use-case-4-option-1'), '--hours', '1', '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/delivered [\d.]+ kWh of [\d.]+ kWh \([\d.]+ % of demand met\)/);
    expect(r.stdout).toMatch(/limit violations: 0/);
    expect(r.stdout).toMatch(/dlm-0\s+mainDistribution\s+100\.0\/100\.0\/100\.0 A/);
    expect(r.stdout).toContain('imbalance peak');
  });

  it('answers "how many charge points" with --capacity', async () => {
    const r = await runCli(['simulate', useCase('use-case-2'), '--hours', '1', '--capacity', '3']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { capacity: { chargePoints: number; limitViolations: number }[] };
    expect(out.capacity.map((c) => c.chargePoints)).toEqual([1, 2, 3]);
    expect(out.capacity.every((c) => c.limitViolations === 0)).toBe(true);
    const table = await runCli([
      'simulate',
      useCase('use-case-2'),
      '--hours',
      '1',
      '--capacity',
      '2',
      '--format=table',
    ]);
    expect(table.stdout).toMatch(/charge points\s+demand met/);
    expect(table.stdout).toMatch(/^2\s+[\d.]+ %\s+[\d.]+ kWh/m);
  });

  it('names the bad field of an invalid scenario and exits 1', async () => {
    const scenario = JSON.parse(await readFile(useCase('use-case-1'), 'utf8')) as {
      dlmNetworks: { supplyLines: { limit: unknown }[] }[];
    };
    const line = scenario.dlmNetworks[0]?.supplyLines[0];
    if (line) line.limit = [32, 32];
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(scenario));
    const r = await runCli(['simulate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('dlmNetworks.0.supplyLines.0.limit');
  });

  it('rejects bad usage with exit 2', async () => {
    expect((await runCli(['simulate'])).code).toBe(2);
    const hours = await runCli(['simulate', useCase('use-case-1'), '--hours', 'soon']);
    expect(hours).toMatchObject({ code: 2 });
    expect(hours.stderr).toContain('--hours must be a number > 0');
    expect((await runCli(['simulate', useCase('use-case-1'), '--format', 'xml'])).code).toBe(2);
    expect((await runCli(['simulate', useCase('use-case-1'), '--capacity', '2.5'])).code).toBe(2);
  });
});

describe('progressBar', () => {
  it('updates in place on a terminal', () => {
    let err = '';
    const bar = progressBar(
      { stdout: () => undefined, stderr: (s) => void (err += s), cwd: '.', stderrIsTTY: true },
      'run',
    );
    for (const f of [0, 0.005, 0.5, 1]) bar.update(f);
    bar.done();
    expect(err.split('\r').filter(Boolean)).toHaveLength(3);
    expect(err.endsWith('100 %\n')).toBe(true);
  });
});
