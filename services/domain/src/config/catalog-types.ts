import type { PerPhaseAmps } from '../phases/index';
import type { FirmwareVersion } from './firmware';

// The shape of one catalog entry. The catalog is data: names per firmware version (absent = the version
// does not have the parameter), value domain, where it is set, and how it takes effect.

export type ParamMenu = 'Operator' | 'Settings';
/**
 * Which ECU the parameter is set on:
 * - eachEcu: every charge point's ECU, including both ECUs of an AMEDIO (§3.3, §7.4 'master and satellite').
 * - station: the station's (AMEDIO master) ECU; the AMEDIO satellite adopts it (§2.1, one IP §2.3).
 * - dlmMaster: the DLM master only (§7.1 'must be set for the DLM-Master only').
 * - gateway: the gateway charge point (§5.1).
 */
export type ParamScope = 'eachEcu' | 'station' | 'dlmMaster' | 'gateway';
/** 'Save & Restart' or effective at once (§7.1: the operator limit changes without reboot). */
export type ParamApply = 'saveAndRestart' | 'runtime';
export type ParamUnit = 'A' | 's' | 'count';
export type NamesByVersion = Partial<Record<FirmwareVersion, string>>;

interface ParamBase {
  menu: ParamMenu;
  scope: ParamScope;
  apply: ParamApply;
  /** Name in the web interface per firmware version; a missing version does not have the parameter. */
  names: NamesByVersion;
  /** Other spellings seen in the manual or exports (matched case- and whitespace-insensitively). */
  aliases?: readonly string[];
  section: string;
  description: string;
  secret?: boolean;
}

export interface EnumOption<V extends string = string> {
  value: V;
  /** Label per firmware version; a missing version does not offer the option. */
  labels: NamesByVersion;
  aliases?: readonly string[];
}

export interface EnumParam<V extends string = string> extends ParamBase {
  type: 'enum';
  options: readonly EnumOption<V>[];
  default?: V;
}
export interface IntParam extends ParamBase {
  type: 'int';
  min: number;
  max: number;
  unit?: ParamUnit;
  default?: number;
}
/** A per-phase value (L1/L2/L3). */
export interface TripletParam extends ParamBase {
  type: 'triplet';
  min: number;
  max: number;
  unit: 'A';
  default?: PhaseTriplet;
}
export interface BoolParam extends ParamBase {
  type: 'bool';
  default?: boolean;
}
export type StringFormat = 'text' | 'ipv4' | 'netmask' | 'url';
export interface StringParam extends ParamBase {
  type: 'string';
  format: StringFormat;
  maxLength: number;
  default?: string;
}

export type ParamSpec = EnumParam | IntParam | TripletParam | BoolParam | StringParam;

/** One value per grid phase, as the web interface shows '(L1/L2/L3) [A]': the phases module's type. */
export type PhaseTriplet = PerPhaseAmps;

export type ValueOf<S> =
  S extends EnumParam<infer V>
    ? V
    : S extends TripletParam
      ? PhaseTriplet
      : S extends IntParam
        ? number
        : S extends BoolParam
          ? boolean
          : string;

/** Keeps the literal option values of an enum parameter for the derived EcuConfig type. */
export function enumParam<const V extends string>(spec: EnumParam<V>): EnumParam<V> {
  return spec;
}

export function sameName(name: string): NamesByVersion {
  return { '4.50': name, '4.52': name, '4.53': name, '4.61': name };
}
/** Before 4.61 one name, from 4.61 another. */
export function renamedIn461(before: string, from461: string): NamesByVersion {
  return { '4.50': before, '4.52': before, '4.53': before, '4.61': from461 };
}
export function from461(name: string): NamesByVersion {
  return { '4.61': name };
}
