// Register maps of the external meters the ECU supports (§7.4 "Compatible meters"), as data.
// Source: /work/shared/STACK.md "Public references for meters". These addresses, word orders and
// units MUST be verified against the vendor manuals' register tables before production use;
// entries marked `verified: false` are the ones we could not confirm from a primary source.

/** Quantities a meter reading needs (§7.4: per-phase currents drive the DLM master's headroom). */
export const REQUIRED_QUANTITIES = [
  'voltageL1',
  'voltageL2',
  'voltageL3',
  'currentL1',
  'currentL2',
  'currentL3',
  'activePowerL1',
  'activePowerL2',
  'activePowerL3',
  'activePowerTotal',
  'energyImport',
] as const;
export type RequiredQuantity = (typeof REQUIRED_QUANTITIES)[number];
export type OptionalQuantity = 'frequency';
export type MeterQuantity = RequiredQuantity | OptionalQuantity;

export type ModbusFunctionCode = 3 | 4; // 3 = read holding registers, 4 = read input registers
export type RegisterDatatype = 'float32' | 'float64';
export type WordOrder = 'high-word-first' | 'low-word-first';

export interface RegisterSpec {
  readonly functionCode: ModbusFunctionCode;
  /** Register address as sent in the Modbus PDU (0-based wire address). */
  readonly address: number;
  readonly datatype: RegisterDatatype;
  readonly wordOrder: WordOrder;
  /** Unit of the raw register value. */
  readonly rawUnit: 'V' | 'A' | 'W' | 'kW' | 'Wh' | 'kWh' | 'Hz';
  /** Multiply the raw value by this to get the reading's unit (V, A, W, Wh, Hz). */
  readonly scale: number;
  /** Sane range of the scaled value; anything outside is rejected as a bad reading. */
  readonly range: { readonly min: number; readonly max: number };
  /** false where STACK.md gives no primary source for a field (see `note`). */
  readonly verified: boolean;
  readonly note?: string;
}

export type MeterModel = 'siemens-pac2200' | 'phoenix-eem-mb37x';

export interface RegisterMap {
  readonly model: MeterModel;
  /** As named in the ECU's 'Meter configuration (Second)' list (§7.4). */
  readonly label: string;
  readonly source: string;
  /** Another function code the meter serves the same registers with (PAC2200: FC4 as well as FC3). */
  readonly alternateFunctionCode?: ModbusFunctionCode;
  readonly quantities: Readonly<Record<RequiredQuantity, RegisterSpec>> &
    Readonly<Partial<Record<OptionalQuantity, RegisterSpec>>>;
}

// Sane ranges: 230/400 V grids; the ECU's largest meter is a 5 A-transducer PAC2200, but the
// contracts allow up to 5000 A per phase (services/domain telemetry MAX_PHASE_CURRENT_A).
const VOLTAGE = { min: 0, max: 300 } as const;
const CURRENT = { min: 0, max: 5000 } as const;
const PHASE_POWER = { min: -1_500_000, max: 1_500_000 } as const; // W, ±300 V × 5000 A
const TOTAL_POWER = { min: -4_500_000, max: 4_500_000 } as const;
const ENERGY = { min: 0, max: 1e13 } as const; // Wh
const FREQUENCY = { min: 45, max: 65 } as const;

const STACK_SOURCE = '/work/shared/STACK.md (public references); verify against the vendor manual';

function pac(address: number, rawUnit: RegisterSpec['rawUnit'], range: RegisterSpec['range']): RegisterSpec {
  return {
    functionCode: 3,
    address,
    datatype: 'float32',
    wordOrder: 'high-word-first',
    rawUnit,
    scale: 1,
    range,
    verified: true,
  };
}

/** Siemens SENTRON PAC2200 (7KM2200), Modbus TCP. Readable as FC3 or FC4 (STACK.md); we use FC3. */
export const PAC2200_MAP: RegisterMap = {
  model: 'siemens-pac2200',
  label: 'Modbus Siemens 7KM2200 (TCP)',
  source: STACK_SOURCE,
  alternateFunctionCode: 4,
  quantities: {
    voltageL1: pac(1, 'V', VOLTAGE),
    voltageL2: pac(3, 'V', VOLTAGE),
    voltageL3: pac(5, 'V', VOLTAGE),
    currentL1: pac(13, 'A', CURRENT),
    currentL2: pac(15, 'A', CURRENT),
    currentL3: pac(17, 'A', CURRENT),
    activePowerL1: pac(25, 'W', PHASE_POWER),
    activePowerL2: pac(27, 'W', PHASE_POWER),
    activePowerL3: pac(29, 'W', PHASE_POWER),
    activePowerTotal: pac(65, 'W', TOTAL_POWER),
    energyImport: { ...pac(801, 'Wh', ENERGY), datatype: 'float64', note: 'Active energy import, tariff 1' },
    frequency: {
      ...pac(55, 'Hz', FREQUENCY),
      verified: false,
      note: 'Not in STACK.md: offset 55 from the PAC3200/PAC2200 family public tables',
    },
  },
};

function eem(address: number, rawUnit: RegisterSpec['rawUnit'], range: RegisterSpec['range']): RegisterSpec {
  return {
    functionCode: 3,
    address,
    datatype: 'float32',
    wordOrder: 'low-word-first',
    rawUnit,
    scale: 1,
    range,
    verified: true,
  };
}

const EEM_POWER_NOTE = 'Unit not stated in STACK.md: W assumed (some Phoenix meters report kW)';

/** Phoenix Contact EEM-MB37x (e.g. EEM-MB371-EIP 2907976), Modbus TCP, FC3, float32 low word first. */
export const EEM_MB37X_MAP: RegisterMap = {
  model: 'phoenix-eem-mb37x',
  label: 'Modbus Phoenix EEM-MB371 (TCP)',
  source: STACK_SOURCE,
  quantities: {
    voltageL1: eem(0x8006, 'V', VOLTAGE),
    voltageL2: eem(0x8008, 'V', VOLTAGE),
    voltageL3: eem(0x800a, 'V', VOLTAGE),
    currentL1: eem(0x800e, 'A', CURRENT),
    currentL2: eem(0x8010, 'A', CURRENT),
    currentL3: eem(0x8012, 'A', CURRENT),
    activePowerL1: { ...eem(0x801e, 'W', PHASE_POWER), verified: false, note: EEM_POWER_NOTE },
    activePowerL2: { ...eem(0x8020, 'W', PHASE_POWER), verified: false, note: EEM_POWER_NOTE },
    activePowerL3: { ...eem(0x8022, 'W', PHASE_POWER), verified: false, note: EEM_POWER_NOTE },
    activePowerTotal: { ...eem(0x8016, 'W', TOTAL_POWER), verified: false, note: EEM_POWER_NOTE },
    energyImport: {
      ...eem(0x8106, 'kWh', ENERGY),
      scale: 1000,
      verified: false,
      note: 'Consumption energy (0x8100 is production). Datatype and unit (kWh) not stated in STACK.md',
    },
    frequency: eem(0x800c, 'Hz', FREQUENCY),
  },
};

export const REGISTER_MAPS: Readonly<Record<MeterModel, RegisterMap>> = {
  'siemens-pac2200': PAC2200_MAP,
  'phoenix-eem-mb37x': EEM_MB37X_MAP,
};

/** Number of 16-bit registers a datatype occupies. */
export function registerCount(datatype: RegisterDatatype): 2 | 4 {
  return datatype === 'float32' ? 2 : 4;
}

/** Every quantity a map defines, with its spec, in a stable order. */
export function mapEntries(map: RegisterMap): Array<[MeterQuantity, RegisterSpec]> {
  const entries: Array<[MeterQuantity, RegisterSpec]> = REQUIRED_QUANTITIES.map((q) => [
    q,
    map.quantities[q],
  ]);
  if (map.quantities.frequency) entries.push(['frequency', map.quantities.frequency]);
  return entries;
}
