// The simulated ECU's OCPP configuration keys and charging profiles (OCPP 1.6 §5.8, §5.16, §9).

export interface ConfigEntry {
  /** Absent: the key is known but not set. */
  value?: string | undefined;
  readonly readonly: boolean;
  /** A value the ECU would refuse (ChangeConfiguration → Rejected). */
  readonly validate?: (value: string) => boolean;
  /** How the ECU stores an accepted value (e.g. '16/16/16' → '(16/16/16)'); default as sent. */
  readonly normalise?: (value: string) => string;
  /** 'Save & Restart' (§7.1): an accepted change answers RebootRequired (OCPP 1.6 §5.3). */
  readonly rebootRequired?: boolean;
  /** A secret: stored, but GetConfiguration shows the key without its value. */
  readonly writeOnly?: boolean;
}

export type ChangeConfigurationStatus = 'Accepted' | 'Rejected' | 'RebootRequired' | 'NotSupported';

export class EcuConfiguration {
  private readonly entries: Map<string, ConfigEntry>;

  constructor(initial: Record<string, ConfigEntry>) {
    this.entries = new Map(Object.entries(initial));
  }

  get(keys?: readonly string[]): {
    configurationKey: Array<{ key: string; readonly: boolean; value?: string }>;
    unknownKey?: string[];
  } {
    const wanted = keys && keys.length > 0 ? keys : [...this.entries.keys()];
    const known = wanted.filter((k) => this.entries.has(k));
    const unknown = wanted.filter((k) => !this.entries.has(k));
    return {
      configurationKey: known.map((key) => {
        const e = this.entries.get(key) as ConfigEntry;
        const shown = e.writeOnly ? undefined : e.value;
        return { key, readonly: e.readonly, ...(shown !== undefined && { value: shown }) };
      }),
      ...(unknown.length > 0 ? { unknownKey: unknown } : {}),
    };
  }

  change(key: string, value: string): ChangeConfigurationStatus {
    const entry = this.entries.get(key);
    if (!entry) return 'NotSupported';
    if (entry.readonly) return 'Rejected';
    if (NUMERIC_KEYS.has(key) && !/^\d+$/.test(value)) return 'Rejected';
    if (entry.validate && !entry.validate(value)) return 'Rejected';
    entry.value = entry.normalise ? entry.normalise(value) : value;
    // The new value is stored at once and reported from now on; it takes effect after the reboot.
    return entry.rebootRequired ? 'RebootRequired' : 'Accepted';
  }

  /** Sets a value as configured in the web interface (no checks): the simulator's start-up state. */
  preset(key: string, value: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    entry.value = value;
    return true;
  }

  number(key: string): number | undefined {
    const v = this.entries.get(key)?.value;
    return v === undefined ? undefined : Number(v);
  }
}

const NUMERIC_KEYS = new Set(['HeartbeatInterval', 'MeterValueSampleInterval', 'ConnectionTimeOut']);

export type ProfilePurpose = 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';

interface StoredProfile {
  readonly id: number;
  readonly connectorId: number;
  readonly stackLevel: number;
  readonly purpose: ProfilePurpose;
  /** Limit in A per phase, from the schedule's first period. */
  readonly limitA: number;
}

const NOMINAL_VOLTAGE_V = 230;

/** Charging profiles as far as the simulator needs them: each purpose caps the offered current. */
export class ChargingProfiles {
  private profiles: StoredProfile[] = [];

  /** `params` is a schema-validated SetChargingProfile.req. */
  set(params: Record<string, unknown>, hasTransaction: boolean): 'Accepted' | 'Rejected' {
    const p = params.csChargingProfiles as {
      chargingProfileId: number;
      stackLevel: number;
      chargingProfilePurpose: ProfilePurpose;
      chargingSchedule: {
        chargingRateUnit: 'A' | 'W';
        chargingSchedulePeriod: Array<{ limit: number; numberPhases?: number }>;
      };
    };
    const connectorId = params.connectorId as number;
    if (p.chargingProfilePurpose === 'TxProfile' && !hasTransaction) return 'Rejected';
    if (p.chargingProfilePurpose === 'ChargePointMaxProfile' && connectorId !== 0) return 'Rejected';
    const first = p.chargingSchedule.chargingSchedulePeriod[0];
    if (!first) return 'Rejected';
    const limitA =
      p.chargingSchedule.chargingRateUnit === 'A'
        ? first.limit
        : first.limit / (NOMINAL_VOLTAGE_V * (first.numberPhases ?? 3));
    // A profile with the same id, or the same purpose and stack level, replaces the old one (OCPP 1.6 §3.13.2).
    this.profiles = this.profiles.filter(
      (q) =>
        q.id !== p.chargingProfileId &&
        !(q.purpose === p.chargingProfilePurpose && q.stackLevel === p.stackLevel),
    );
    this.profiles.push({
      id: p.chargingProfileId,
      connectorId,
      stackLevel: p.stackLevel,
      purpose: p.chargingProfilePurpose,
      limitA,
    });
    return 'Accepted';
  }

  /** `params` is a schema-validated ClearChargingProfile.req. */
  clear(params: Record<string, unknown>): 'Accepted' | 'Unknown' {
    const before = this.profiles.length;
    this.profiles = this.profiles.filter(
      (q) =>
        !(
          (params.id === undefined || params.id === q.id) &&
          (params.connectorId === undefined || params.connectorId === q.connectorId) &&
          (params.chargingProfilePurpose === undefined || params.chargingProfilePurpose === q.purpose) &&
          (params.stackLevel === undefined || params.stackLevel === q.stackLevel)
        ),
    );
    return this.profiles.length < before ? 'Accepted' : 'Unknown';
  }

  /** Transaction profiles end with their transaction. */
  endTransaction(): void {
    this.profiles = this.profiles.filter((q) => q.purpose !== 'TxProfile');
  }

  /** The cap the profiles put on the offered current (A), if any. */
  limitA(): number | undefined {
    const top = (purpose: ProfilePurpose): number | undefined =>
      this.profiles.filter((q) => q.purpose === purpose).sort((a, b) => b.stackLevel - a.stackLevel)[0]
        ?.limitA;
    const tx = top('TxProfile') ?? top('TxDefaultProfile');
    const max = top('ChargePointMaxProfile');
    const limits = [tx, max].filter((l): l is number => l !== undefined);
    return limits.length > 0 ? Math.min(...limits) : undefined;
  }
}
