import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hourOfMinute, LOAD_HOUR_TTL_S, loadHourChangeOf } from './hour-bucket';
import { LOAD_BUCKET_TTL_S, type LoadBucketChange } from './minute-bucket';

// An hour aggregate gets exactly its minutes' ADDs, so over any messages an hour's counts and sums are
// the sums of its minutes' (what the ingest writes; the integration test checks it in DynamoDB Local).

const minuteArb = fc
  .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `2026-11-24T1${h}:${String(m).padStart(2, '0')}`);
const changeArb: fc.Arbitrary<LoadBucketChange> = fc
  .record({ minute: minuteArb, l1: fc.nat(400), l2: fc.nat(400), l3: fc.nat(400), meter: fc.boolean() })
  .map(({ minute, l1, l2, l3, meter }): LoadBucketChange => ({
    networkId: 'net-1',
    minute,
    expiresAtEpochS: Date.parse(`${minute}:00Z`) / 1000 + LOAD_BUCKET_TTL_S,
    set: meter ? {} : { limit: { l1: 63, l2: 63, l3: 63 } },
    add: meter ? { mN: 1, mS1: l1, mS2: l2, mS3: l3 } : { dN: 1, dS1: l1, dS2: l2, dS3: l3 },
  }));

const addInto = (into: Map<string, Record<string, number>>, key: string, add: Record<string, number>) => {
  const item = into.get(key) ?? {};
  for (const [k, v] of Object.entries(add)) item[k] = (item[k] ?? 0) + v;
  into.set(key, item);
};

describe('hour aggregates', () => {
  it('an hour holds the sums of its minutes, whatever the messages and their order', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 200 }), (changes) => {
        const minutes = new Map<string, Record<string, number>>();
        const hours = new Map<string, Record<string, number>>();
        for (const c of changes) {
          addInto(minutes, c.minute, c.add);
          const h = loadHourChangeOf(c);
          expect(h.hour).toBe(c.minute.slice(0, 13));
          addInto(hours, h.hour, h.add);
        }
        const summed = new Map<string, Record<string, number>>();
        for (const [minute, item] of minutes) addInto(summed, hourOfMinute(minute), item);
        expect(hours).toEqual(summed);
      }),
    );
  });

  it('lives 400 days from its hour and keeps the latest limit', () => {
    const h = loadHourChangeOf({
      networkId: 'n',
      minute: '2026-11-24T10:37',
      expiresAtEpochS: 0,
      set: { limit: { l1: 40, l2: 40, l3: 40 }, drawn: { l1: 1, l2: 1, l3: 1 } },
      add: { dN: 1 },
    });
    expect(h).toEqual({
      networkId: 'n',
      hour: '2026-11-24T10',
      expiresAtEpochS: Date.parse('2026-11-24T10:00:00Z') / 1000 + LOAD_HOUR_TTL_S,
      set: { limit: { l1: 40, l2: 40, l3: 40 } },
      add: { dN: 1 },
    });
  });
});
