import {
  ECU_PARAM_KEYS,
  firmwareVersionOf,
  paramSpec,
  paramValueSchema,
  SECRET_MASK,
  type EcuParamKey,
  type FirmwareVersion,
  type ParamMenu,
  type ParamSpec,
  type Site,
} from '@ampfleet/domain';

// The Configuration tab's pure model: which parameters an ECU shows under which name (its own firmware's),
// the user's edits as raw text per field, their validation against the catalog (the domain's own value
// schemas) and the draft site they make. No React here, so it is unit-tested as plain functions.

export type Triplet = { l1: string; l2: string; l3: string };
/** What the user typed: text, or three texts for a per-phase value. '' means "not set" (ECU default). */
export type RawValue = string | Triplet;

export interface FieldRef {
  stationId: string;
  chargePointId: string;
  key: EcuParamKey;
}

/** One edit per field, keyed by `fieldKey`. */
export type Edits = Record<string, { ref: FieldRef; raw: RawValue }>;

/** A field error as a message key of the 'configuration' namespace (errors.<code>) and its arguments. */
export interface FieldError {
  code: 'wholeNumber' | 'range' | 'tooLong' | 'ipv4' | 'netmask' | 'invalid';
  values: Record<string, string | number>;
}

export const fieldKey = (ref: FieldRef): string => `${ref.stationId}/${ref.chargePointId}/${ref.key}`;

/** The DOM id of a parameter's field, of an ECU's section, of a station's card (Audit tab links here). */
export const paramAnchor = (ref: FieldRef): string => `param:${fieldKey(ref)}`;
export const ecuAnchor = (stationId: string, chargePointId: string): string =>
  `ecu:${stationId}/${chargePointId}`;
export const stationAnchor = (stationId: string): string => `station:${stationId}`;

const PATH = /^stations\[([^\]]+)\](?:\.ecus\[([^\]]+)\](?:\.config\.([A-Za-z0-9]+))?)?/;

/** A finding's or change's path (diffSites form) → the anchor of what it points at, if it is in a station. */
export function anchorOfPath(path: string): string | undefined {
  const match = PATH.exec(path);
  if (!match) return undefined;
  const [, stationId = '', chargePointId, key] = match;
  if (chargePointId === undefined) return stationAnchor(stationId);
  if (key !== undefined && (ECU_PARAM_KEYS as string[]).includes(key))
    return paramAnchor({ stationId, chargePointId, key: key as EcuParamKey });
  return ecuAnchor(stationId, chargePointId);
}

export interface ParamRow {
  key: EcuParamKey;
  spec: ParamSpec;
  /** The name this ECU's firmware shows; undefined when the firmware lacks the parameter. */
  name: string | undefined;
  applicable: boolean;
  value: unknown;
  secret: boolean;
}

/** An ECU's parameters grouped as its web interface groups them (Operator, Settings), in catalog order. */
export function ecuParamGroups(ecu: Site['stations'][number]['ecus'][number]): {
  version: FirmwareVersion | undefined;
  groups: { menu: ParamMenu; rows: ParamRow[] }[];
} {
  const version = firmwareVersionOf(ecu.firmware);
  const config = ecu.config as Record<string, unknown>;
  const rows = ECU_PARAM_KEYS.map((key): ParamRow => {
    const spec = paramSpec(key);
    // An unreadable firmware shows the newest names (the audit reports the firmware itself).
    const name = version ? spec.names[version] : (spec.names['4.61'] ?? Object.values(spec.names)[0]);
    return {
      key,
      spec,
      name,
      applicable: name !== undefined,
      value: config[key],
      secret: spec.secret === true,
    };
  });
  const menus: ParamMenu[] = ['Operator', 'Settings'];
  return { version, groups: menus.map((menu) => ({ menu, rows: rows.filter((r) => r.spec.menu === menu) })) };
}

/** A stored value as the text the field shows ('' for not set; secrets never: the field starts empty). */
export function rawOf(spec: ParamSpec, value: unknown): RawValue {
  if (spec.type === 'triplet') {
    const t = value as { l1: number; l2: number; l3: number } | undefined;
    return t ? { l1: String(t.l1), l2: String(t.l2), l3: String(t.l3) } : { l1: '', l2: '', l3: '' };
  }
  if (spec.secret) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' ? value : '';
}

export const sameRaw = (a: RawValue, b: RawValue): boolean => JSON.stringify(a) === JSON.stringify(b);

const WHOLE = /^-?\d+$/;

function parseInt(spec: { min: number; max: number; unit?: string }, text: string): number | FieldError {
  const values = { min: spec.min, max: spec.max, unit: spec.unit === 'count' ? '' : (spec.unit ?? '') };
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) return { code: 'wholeNumber', values };
  const n = Number(trimmed);
  if (n < spec.min || n > spec.max) return { code: 'range', values };
  return n;
}

const isError = (x: unknown): x is FieldError =>
  typeof x === 'object' && x !== null && 'code' in x && 'values' in x;

/**
 * The value a raw text stands for: `{ value }` (undefined = not set) or `{ error }` naming what is wrong
 * in the catalog's terms (range and unit, format, length). The domain's own schema has the last word.
 */
export function parseRaw(spec: ParamSpec, raw: RawValue): { value: unknown } | { error: FieldError } {
  let value: unknown;
  if (spec.type === 'triplet') {
    const t = typeof raw === 'string' ? { l1: raw, l2: raw, l3: raw } : raw;
    if ([t.l1, t.l2, t.l3].every((s) => s.trim() === '')) return { value: undefined };
    const phases = [t.l1, t.l2, t.l3].map((s) => parseInt(spec, s));
    const bad = phases.find(isError);
    if (bad) return { error: bad };
    const [l1, l2, l3] = phases as number[];
    value = { l1, l2, l3 };
  } else {
    const text = typeof raw === 'string' ? raw : '';
    if (text === '' && spec.type !== 'string') return { value: undefined };
    switch (spec.type) {
      case 'int': {
        const n = parseInt(spec, text);
        if (isError(n)) return { error: n };
        value = n;
        break;
      }
      case 'bool':
        value = text === 'true';
        break;
      case 'enum':
        value = text;
        break;
      case 'string':
        if (text.length > spec.maxLength)
          return { error: { code: 'tooLong', values: { max: spec.maxLength } } };
        if (spec.secret && text === '') return { value: SECRET_MASK };
        value = text;
    }
  }
  const checked = paramValueSchema(spec).safeParse(value);
  if (checked.success) return { value };
  if (spec.type === 'string' && (spec.format === 'ipv4' || spec.format === 'netmask'))
    return { error: { code: spec.format, values: {} } };
  return { error: { code: 'invalid', values: { message: checked.error.issues[0]?.message ?? '' } } };
}

/** The field errors of the edits, by field key. */
export function editErrors(edits: Edits): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  for (const [key, { ref, raw }] of Object.entries(edits)) {
    const parsed = parseRaw(paramSpec(ref.key), raw);
    if ('error' in parsed) errors[key] = parsed.error;
  }
  return errors;
}

/**
 * The draft: the base site with every valid edit applied (an invalid one is left out — the Save button
 * refuses while any is). A secret left empty stays the mask, which config.save reads as "keep".
 */
export function applyEdits(site: Site, edits: Edits): Site {
  const byEcu = new Map<string, { key: EcuParamKey; value: unknown }[]>();
  for (const { ref, raw } of Object.values(edits)) {
    const parsed = parseRaw(paramSpec(ref.key), raw);
    if ('error' in parsed) continue;
    const id = `${ref.stationId}/${ref.chargePointId}`;
    byEcu.set(id, [...(byEcu.get(id) ?? []), { key: ref.key, value: parsed.value }]);
  }
  return {
    ...site,
    stations: site.stations.map((station) => ({
      ...station,
      ecus: station.ecus.map((ecu) => {
        const changes = byEcu.get(`${station.id}/${ecu.chargePointId}`);
        if (!changes) return ecu;
        const config: Record<string, unknown> = { ...ecu.config };
        for (const { key, value } of changes)
          if (value === undefined) delete config[key];
          else config[key] = value;
        return { ...ecu, config };
      }),
    })),
  };
}

/** The stored value of a field in a site (undefined when not set or the ECU is gone). */
export function valueIn(site: Site, ref: FieldRef): unknown {
  const ecu = site.stations
    .find((s) => s.id === ref.stationId)
    ?.ecus.find((e) => e.chargePointId === ref.chargePointId);
  return (ecu?.config as Record<string, unknown> | undefined)?.[ref.key];
}

/**
 * After a conflict: the user's edits are kept on the newer version; the ones whose parameter someone
 * else changed meanwhile are named so the user decides (their own value still wins until they do).
 */
export function overlappingEdits(edits: Edits, oldBase: Site, newBase: Site): string[] {
  return Object.entries(edits)
    .filter(([, { ref }]) => JSON.stringify(valueIn(oldBase, ref)) !== JSON.stringify(valueIn(newBase, ref)))
    .map(([key]) => key);
}

/** The ECU parameter a diff/finding path names, with the name that ECU's firmware shows. */
export function describePath(
  site: Site | undefined,
  path: string,
): { chargePointId?: string; name: string; anchor?: string } {
  const match = PATH.exec(path);
  const anchor = anchorOfPath(path);
  if (!match || match[2] === undefined) return { name: path, ...(anchor && { anchor }) };
  const [, stationId = '', chargePointId, key] = match;
  const ecu = site?.stations
    .find((s) => s.id === stationId)
    ?.ecus.find((e) => e.chargePointId === chargePointId);
  if (key !== undefined && (ECU_PARAM_KEYS as string[]).includes(key)) {
    const spec = paramSpec(key as EcuParamKey);
    const version = ecu ? firmwareVersionOf(ecu.firmware) : undefined;
    const name = (version && spec.names[version]) ?? spec.names['4.61'] ?? key;
    return { chargePointId, name, ...(anchor && { anchor }) };
  }
  const rest = path.slice(match[0].length).replace(/^\./, '');
  return { chargePointId, name: rest || chargePointId, ...(anchor && { anchor }) };
}

/** A value as the diff and the field show it: triplets as 'a / b / c', the rest as text. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'object' && value !== null && 'l1' in value) {
    const t = value as { l1: unknown; l2: unknown; l3: unknown };
    return `${String(t.l1)} / ${String(t.l2)} / ${String(t.l3)}`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
