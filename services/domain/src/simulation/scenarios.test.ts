import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulationScenarioJsonSchema, SimulationScenarioSchema } from './scenario';
import { simulate } from './simulate';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const load = (file: string) =>
  SimulationScenarioSchema.parse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));

describe('shipped scenarios (manual §7.1–§7.4)', () => {
  it('ship one file per use case, use case 4 with both meter options', () => {
    expect(files.sort()).toEqual([
      'use-case-1.json',
      'use-case-2.json',
      'use-case-3.json',
      'use-case-4-option-1.json',
      'use-case-4-option-2.json',
    ]);
  });

  it.each(files)('%s parses and runs 24 h with 0 limit violations', (file) => {
    const report = simulate(load(file), { hours: 24 });
    expect(report.steps).toBe(2880);
    expect(report.limitViolations).toBe(0);
    expect(report.totals.evs).toBeGreaterThan(0);
    expect(report.totals.deliveredWh).toBeGreaterThan(0);
    for (const ev of report.evs) expect(ev.deliveredWh).toBeLessThanOrEqual(ev.energyNeedWh + 1e-6);
    for (const limit of report.limits)
      limit.peakA.forEach((peak, p) => expect(peak).toBeLessThanOrEqual((limit.limitA[p] ?? 0) + 1e-6));
  });

  it('use case 4: household load and EVs together stay under the Main Distribution Limit', () => {
    for (const option of ['use-case-4-option-1.json', 'use-case-4-option-2.json']) {
      const meter = simulate(load(option), { hours: 24 }).limits.find((l) => l.kind === 'mainDistribution');
      expect(meter?.limitA).toEqual([100, 100, 100]);
      expect(Math.max(...(meter?.peakA ?? []))).toBeGreaterThan(60);
    }
  });

  it('use case 1: one EV alone charges at the full 32 A of the line', () => {
    const line = simulate(load('use-case-1.json'), { hours: 24 }).limits.find((l) => l.kind === 'supplyLine');
    expect(line?.peakA).toEqual([32, 32, 32]);
  });

  it('publishes a JSON Schema for the scenario', () => {
    const schema = simulationScenarioJsonSchema();
    expect(schema).toHaveProperty('properties.evArrivals');
    expect(schema).toHaveProperty('properties.sampleRateS.default', 30);
  });
});
