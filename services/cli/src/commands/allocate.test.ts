import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness';

// §7.1 use case 1: a 32 A supply line gives one EV 32 A and two EVs 16 A each.
const useCase1 = (evs: number) => ({
  siteId: 'site',
  mainConnectionLimit: [63, 63, 63],
  dlmNetworks: [
    {
      id: 'dlm-0',
      subDistributionLimit: [32, 32, 32],
      supplyLines: [
        {
          id: 'line-f3',
          limit: [32, 32, 32],
          chargePoints: ['cp-1', 'cp-2'].map((id, i) => ({
            id,
            ratedCurrent: 32,
            phaseRotation: i === 0 ? 'RST' : 'STR',
            ...(i < evs && { ev: { state: 'charging', phasesInUse: 3, pluggedInAt: 1000 + i } }),
          })),
        },
      ],
    },
  ],
});

async function inputFile(content: unknown): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'ampfleet-alloc-')), 'input.json');
  await writeFile(file, JSON.stringify(content));
  return file;
}

describe('ampfleet allocate', () => {
  it.each([
    [1, [32, 0]],
    [2, [16, 16]],
  ])('gives %i EV(s) on a 32 A line %j A (§7.1)', async (evs, expected) => {
    const r = await runCli(['allocate', await inputFile(useCase1(evs))]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { chargePoints: { id: string; current: number }[] };
    expect(result.chargePoints.map((c) => c.current)).toEqual(expected);
  });

  it('names the bad field and exits 1', async () => {
    const input = useCase1(1);
    (input.dlmNetworks[0]?.supplyLines[0]?.limit as unknown[])[1] = -5;
    const r = await runCli(['allocate', await inputFile(input)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('dlmNetworks.0.supplyLines.0.limit.1');
  });

  it('exports the input contract as JSON Schema', async () => {
    const r = await runCli(['schema', 'allocation-input']);
    expect(JSON.parse(r.stdout)).toMatchObject({ title: 'allocation-input', type: 'object' });
  });
});
