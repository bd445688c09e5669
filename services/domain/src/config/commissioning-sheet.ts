import { z } from 'zod';
import { ECU_PARAM_KEYS, paramSpec, type EcuConfig, type EcuParamKey } from './catalog';
import type { ParamSpec } from './catalog-types';
import { firmwareVersionOf, type FirmwareVersion } from './firmware';
import type { Site } from './site';

// The installer's commissioning sheet (issue #12 point 6): per ECU, the settings to enter in the ECU's
// web interface, grouped like the manual's tables — phases (§3), network (§4), gateway (§5.1),
// OCPP backend (§5.2, §6), DLM (§7–§9) — under the names and option labels of THAT ECU's firmware.
// Secrets never appear: a secret row carries no value, only whether one is configured ('set on site').

export const SHEET_GROUPS = ['phases', 'network', 'gateway', 'ocpp', 'dlm'] as const;
export type SheetGroupId = (typeof SHEET_GROUPS)[number];

const GROUP_OF: Record<EcuParamKey, SheetGroupId> = Object.fromEntries(
  ECU_PARAM_KEYS.map((key) => [key, groupOf(key, paramSpec(key))]),
) as Record<EcuParamKey, SheetGroupId>;

function groupOf(key: EcuParamKey, spec: ParamSpec): SheetGroupId {
  if (key === 'phaseConnection' || key === 'phaseRotation') return 'phases';
  if (spec.section.startsWith('§4')) return 'network';
  if (key === 'connectionType' || key === 'wanRouter' || key === 'staticGateway') return 'gateway';
  if (key === 'ocppMode' || key === 'backendUrl' || key === 'httpBasicAuthPassword') return 'ocpp';
  return 'dlm';
}

export const SheetRow = z
  .object({
    key: z.string(),
    /** The parameter's name in this ECU's firmware (what the installer finds in the web interface). */
    name: z.string(),
    menu: z.enum(['Operator', 'Settings']),
    /** The value as the web interface shows it (option label of this firmware, 'L1/L2/L3' triplets). */
    value: z.string().optional(),
    unit: z.string().optional(),
    /** A secret: never printed; `secretSet` says whether the configuration holds one. */
    secret: z.boolean(),
    secretSet: z.boolean().optional(),
    saveAndRestart: z.boolean(),
    section: z.string(),
  })
  .strict();
export type SheetRow = z.infer<typeof SheetRow>;

export const SheetGroup = z.object({ id: z.enum(SHEET_GROUPS), rows: z.array(SheetRow) }).strict();
export type SheetGroup = z.infer<typeof SheetGroup>;

export const SheetEcu = z
  .object({
    chargePointId: z.string(),
    stationId: z.string(),
    stationName: z.string().optional(),
    model: z.string(),
    stationSerial: z.string().optional(),
    position: z.enum(['single', 'master', 'satellite']),
    firmware: z.string(),
    /** The catalog version whose names the sheet uses; undefined when the firmware cannot be read. */
    catalogVersion: z.string().optional(),
    controllerSerial: z.string().optional(),
    meterSerial: z.string().optional(),
    port: z.number().int().optional(),
    lanId: z.string(),
    operatorUser: z.string().optional(),
    /** The operator password is configured (it is never printed). */
    operatorPasswordSet: z.boolean(),
    groups: z.array(SheetGroup),
    /** Configured parameters this firmware does not have (nothing to enter; the audit explains). */
    notInFirmware: z.array(z.string()),
  })
  .strict();
export type SheetEcu = z.infer<typeof SheetEcu>;

export const CommissioningSheet = z
  .object({
    siteId: z.string(),
    name: z.string(),
    address: z.string().optional(),
    timeZone: z.string(),
    /** The desired-configuration version the sheet was made from (set by the reader of stored versions). */
    version: z.number().int().optional(),
    ecus: z.array(SheetEcu),
  })
  .strict();
export type CommissioningSheet = z.infer<typeof CommissioningSheet>;

/** The value as the web interface of `version` shows it. */
function formatValue(spec: ParamSpec, value: unknown, version: FirmwareVersion): string {
  switch (spec.type) {
    case 'enum': {
      const option = spec.options.find((o) => o.value === value);
      return option?.labels[version] ?? Object.values(option?.labels ?? {})[0] ?? String(value);
    }
    case 'triplet': {
      const t = value as { l1: number; l2: number; l3: number };
      return `${t.l1} / ${t.l2} / ${t.l3}`;
    }
    case 'bool':
      return value ? 'On' : 'Off';
    case 'int':
    case 'string':
      return String(value);
  }
}

function rowOf(key: EcuParamKey, value: unknown, version: FirmwareVersion): SheetRow | undefined {
  const spec = paramSpec(key);
  const name = spec.names[version];
  if (name === undefined) return undefined;
  const unit = spec.type === 'int' || spec.type === 'triplet' ? spec.unit : undefined;
  const secret = spec.secret === true;
  return {
    key,
    name,
    menu: spec.menu,
    ...(!secret && { value: formatValue(spec, value, version) }),
    ...(unit !== undefined && unit !== 'count' && { unit }),
    secret,
    ...(secret && { secretSet: typeof value === 'string' && value !== '' }),
    saveAndRestart: spec.apply === 'saveAndRestart',
    section: spec.section,
  };
}

/** The sheet of a site; `site` may be masked or whole — secrets are dropped either way. */
export function commissioningSheet(site: Site): CommissioningSheet {
  const ecus: SheetEcu[] = [];
  for (const station of site.stations)
    for (const ecu of station.ecus) {
      const parsed = firmwareVersionOf(ecu.firmware);
      const version: FirmwareVersion = parsed ?? '4.61';
      const config: EcuConfig = ecu.config;
      const groups = new Map<SheetGroupId, SheetRow[]>(SHEET_GROUPS.map((g) => [g, []]));
      const notInFirmware: string[] = [];
      for (const key of ECU_PARAM_KEYS) {
        const value = config[key];
        if (value === undefined) continue;
        const row = rowOf(key, value, version);
        if (row) groups.get(GROUP_OF[key])?.push(row);
        else notInFirmware.push(key);
      }
      ecus.push({
        chargePointId: ecu.chargePointId,
        stationId: station.id,
        ...(station.name !== undefined && { stationName: station.name }),
        model: station.model,
        ...(station.serialNumber !== undefined && { stationSerial: station.serialNumber }),
        position: ecu.position,
        firmware: ecu.firmware,
        ...(parsed !== undefined && { catalogVersion: parsed }),
        ...(ecu.controllerSerial !== undefined && { controllerSerial: ecu.controllerSerial }),
        ...(ecu.meterSerial !== undefined && { meterSerial: ecu.meterSerial }),
        ...(ecu.port !== undefined && { port: ecu.port }),
        lanId: station.lanId,
        ...(ecu.credentials && { operatorUser: ecu.credentials.user }),
        operatorPasswordSet: ecu.credentials !== undefined && ecu.credentials.password !== '',
        groups: SHEET_GROUPS.map((id) => ({ id, rows: groups.get(id) ?? [] })).filter(
          (g) => g.rows.length > 0,
        ),
        notInFirmware,
      });
    }
  return {
    siteId: site.id,
    name: site.name,
    ...(site.address !== undefined && { address: site.address }),
    timeZone: site.timeZone,
    ecus,
  };
}
