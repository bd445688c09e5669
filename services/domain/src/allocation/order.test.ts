import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderByKey } from './order';

/** The same order by a comparator sort: key, then index (stable). */
const reference = (keys: number[], open?: number[]): number[] =>
  keys
    .map((k, i) => ({ k, i }))
    .filter(({ i }) => open === undefined || open[i] === 1)
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map(({ i }) => i);

describe('orderByKey', () => {
  it('orders stably by key, with few distinct keys (table) and with many (sort), with and without a mask', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1 }).chain((many) =>
          fc.array(
            many === 1 ? fc.double({ min: -1e6, max: 1e6, noNaN: true }) : fc.constantFrom(6, 8, 16, 32),
            {
              maxLength: 60,
            },
          ),
        ),
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 60, maxLength: 60 }),
        (keys, open) => {
          const f = Float64Array.from(keys);
          expect([...orderByKey(f).order]).toEqual(reference(keys));
          expect([...orderByKey(f, Uint8Array.from(open)).order]).toEqual(reference(keys, open));
        },
      ),
      { numRuns: 500 },
    );
  });
  it('gives the runs of equal keys', () => {
    const { order, groupStart } = orderByKey(Float64Array.from([5, 1, 5, 3, 1]));
    expect([...order]).toEqual([1, 4, 3, 0, 2]);
    expect([...groupStart]).toEqual([0, 2, 3, 5]);
  });
});
