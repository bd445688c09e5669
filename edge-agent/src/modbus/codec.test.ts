import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue, planReads } from './codec';
import { toReading } from './reading';
import { EEM_MB37X_MAP, PAC2200_MAP, mapEntries, registerCount } from './register-maps';

describe('encodeValue / decodeValue', () => {
  test.prop([
    fc.double({ noNaN: true }),
    fc.constantFrom('high-word-first' as const, 'low-word-first' as const),
  ])('float64 round-trips in either word order', (value, wordOrder) => {
    expect(decodeValue(encodeValue(value, 'float64', wordOrder), 0, 'float64', wordOrder)).toBe(value);
  });

  test.prop([
    fc.float({ noNaN: true }),
    fc.constantFrom('high-word-first' as const, 'low-word-first' as const),
  ])('float32 round-trips in either word order', (value, wordOrder) => {
    expect(decodeValue(encodeValue(value, 'float32', wordOrder), 0, 'float32', wordOrder)).toBe(value);
  });

  it('puts the low word first when the map says so (EEM-MB37x)', () => {
    const high = encodeValue(230, 'float32', 'high-word-first');
    const low = encodeValue(230, 'float32', 'low-word-first');
    expect(low.subarray(0, 2)).toEqual(high.subarray(2, 4));
    expect(low.subarray(2, 4)).toEqual(high.subarray(0, 2));
  });

  it('refuses offsets outside the reply', () => {
    expect(() => decodeValue(Buffer.alloc(4), 1, 'float32', 'high-word-first')).toThrow(RangeError);
  });
});

describe('planReads', () => {
  it.each([PAC2200_MAP, EEM_MB37X_MAP])(
    'covers every quantity of $model exactly once, ≤ 125 registers a read',
    (map) => {
      const blocks = planReads(map);
      const covered = blocks.flatMap((b) => b.quantities.map((q) => q.quantity)).sort();
      expect(covered).toEqual(
        mapEntries(map)
          .map(([q]) => q)
          .sort(),
      );
      for (const block of blocks) {
        expect(block.count).toBeLessThanOrEqual(125);
        for (const { quantity, offset } of block.quantities) {
          const spec = mapEntries(map).find(([q]) => q === quantity)?.[1];
          expect(spec?.address).toBe(block.start + offset);
          expect(offset + registerCount(spec?.datatype ?? 'float32')).toBeLessThanOrEqual(block.count);
        }
      }
    },
  );

  it('reads the EEM-MB37x measurements in one block and its energy register in another', () => {
    expect(planReads(EEM_MB37X_MAP).map((b) => [b.start, b.count])).toEqual([
      [0x8006, 30],
      [0x8106, 2],
    ]);
  });
});

describe('toReading', () => {
  const good = {
    voltageL1: 230,
    voltageL2: 231,
    voltageL3: 229,
    currentL1: 10,
    currentL2: 0,
    currentL3: 32,
    activePowerL1: 2300,
    activePowerL2: 0,
    activePowerL3: 7300,
    activePowerTotal: 9600,
    energyImport: 1234,
    frequency: 50,
  };
  const at = new Date('2026-01-01T12:00:00Z');

  it('scales per the map (EEM energy in kWh → Wh)', () => {
    const check = toReading(EEM_MB37X_MAP, good, at);
    expect(check.ok && check.reading.energyImportWh).toBe(1_234_000);
    expect(check.ok && check.reading.currents).toEqual({ l1: 10, l2: 0, l3: 32 });
  });

  it.each([
    ['currentL2', Number.NaN],
    ['currentL1', -1],
    ['voltageL3', 1e9],
    ['activePowerTotal', Number.POSITIVE_INFINITY],
  ] as const)('rejects %s = %s and names it', (quantity, value) => {
    const check = toReading(PAC2200_MAP, { ...good, [quantity]: value }, at);
    expect(check).toMatchObject({ ok: false, quantity });
  });
});
