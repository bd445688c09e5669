import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './meter-reader';

describe('backoffDelayMs', () => {
  it('doubles from the initial delay and stays at the cap', () => {
    const b = { initialMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 20, 2_000].map((n) => backoffDelayMs(n, b))).toEqual([
      100, 200, 400, 800, 1_000, 1_000, 1_000,
    ]);
  });
});
