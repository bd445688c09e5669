// Pure encode/decode of meter values in Modbus registers (big-endian bytes within each 16-bit
// word; word order per register map), and the plan of block reads for a map.
import type {
  MeterQuantity,
  ModbusFunctionCode,
  RegisterDatatype,
  RegisterMap,
  WordOrder,
} from './register-maps';
import { mapEntries, registerCount } from './register-maps';

/** Reorders whole 16-bit words so the most significant word comes first. */
function toHighWordFirst(bytes: Buffer, wordOrder: WordOrder): Buffer {
  if (wordOrder === 'high-word-first') return bytes;
  const out = Buffer.alloc(bytes.length);
  const words = bytes.length / 2;
  for (let i = 0; i < words; i++) bytes.copy(out, (words - 1 - i) * 2, i * 2, i * 2 + 2);
  return out;
}

/** Decodes one value starting at `registerOffset` (in registers) inside `registers`. */
export function decodeValue(
  registers: Buffer,
  registerOffset: number,
  datatype: RegisterDatatype,
  wordOrder: WordOrder,
): number {
  const byteLength = registerCount(datatype) * 2;
  const start = registerOffset * 2;
  if (start < 0 || start + byteLength > registers.length) {
    throw new RangeError(
      `register offset ${registerOffset} outside a reply of ${registers.length / 2} registers`,
    );
  }
  const ordered = toHighWordFirst(registers.subarray(start, start + byteLength), wordOrder);
  return datatype === 'float32' ? ordered.readFloatBE(0) : ordered.readDoubleBE(0);
}

/** Encodes one value into its registers (the meter simulator uses this). */
export function encodeValue(value: number, datatype: RegisterDatatype, wordOrder: WordOrder): Buffer {
  const bytes = Buffer.alloc(registerCount(datatype) * 2);
  if (datatype === 'float32') bytes.writeFloatBE(value, 0);
  else bytes.writeDoubleBE(value, 0);
  // Reversing word order is its own inverse.
  return toHighWordFirst(bytes, wordOrder);
}

export interface ReadBlock {
  readonly functionCode: ModbusFunctionCode;
  readonly start: number;
  readonly count: number;
  readonly quantities: ReadonlyArray<{ readonly quantity: MeterQuantity; readonly offset: number }>;
}

/** Largest register count in one Modbus read request. */
export const MAX_REGISTERS_PER_READ = 125;

/**
 * Groups a map's quantities into as few reads as possible: same function code, gaps of at most
 * `maxGap` registers, at most 125 registers per read.
 */
export function planReads(map: RegisterMap, maxGap = 8): ReadBlock[] {
  const sorted = mapEntries(map).sort(
    ([, a], [, b]) => a.functionCode - b.functionCode || a.address - b.address,
  );
  const blocks: Array<{
    functionCode: ModbusFunctionCode;
    start: number;
    end: number;
    quantities: ReadBlock['quantities'][number][];
  }> = [];
  for (const [quantity, spec] of sorted) {
    const end = spec.address + registerCount(spec.datatype);
    const last = blocks.at(-1);
    const fits =
      last !== undefined &&
      last.functionCode === spec.functionCode &&
      spec.address - last.end <= maxGap &&
      Math.max(last.end, end) - last.start <= MAX_REGISTERS_PER_READ;
    if (last && fits) {
      last.quantities.push({ quantity, offset: spec.address - last.start });
      last.end = Math.max(last.end, end);
    } else {
      blocks.push({
        functionCode: spec.functionCode,
        start: spec.address,
        end,
        quantities: [{ quantity, offset: 0 }],
      });
    }
  }
  return blocks.map((b) => ({
    functionCode: b.functionCode,
    start: b.start,
    count: b.end - b.start,
    quantities: b.quantities,
  }));
}
