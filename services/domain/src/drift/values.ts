import type { EcuConfigValue } from '../config/catalog';
import { normaliseName } from '../config/catalog';
import type { ParamSpec, PhaseTriplet } from '../config/catalog-types';
import type { FirmwareVersion } from '../config/firmware';

// Reading reported values in any firmware's spelling into canonical form, and rendering canonical values
// the way a given firmware's web interface shows them.

export type ParsedValue = { ok: true; value: EcuConfigValue } | { ok: false; reason: string };

const numberPattern = /^\s*([+-]?\d+(?:\.\d+)?)/;

function parseNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const match = numberPattern.exec(raw);
  return match ? Number(match[1]) : undefined;
}

function parseTriplet(raw: unknown): PhaseTriplet | undefined {
  if (Array.isArray(raw) && raw.length === 3) {
    const [l1, l2, l3] = raw.map(parseNumber);
    return l1 !== undefined && l2 !== undefined && l3 !== undefined ? { l1, l2, l3 } : undefined;
  }
  if (typeof raw === 'object' && raw !== null) {
    const o = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
    return parseTriplet([o.l1, o.l2, o.l3]);
  }
  if (typeof raw === 'number') return { l1: raw, l2: raw, l3: raw };
  if (typeof raw !== 'string') return undefined;
  const parts = raw
    .replace(/[()[\]A]/g, ' ')
    .split(/[\s/,;]+/)
    .filter((p) => p !== '');
  if (parts.length === 1) return parseTriplet(Number(parts[0]));
  return parts.length === 3 ? parseTriplet(parts) : undefined;
}

function parseBool(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  const text =
    typeof raw === 'string' ? raw.trim().toLowerCase() : typeof raw === 'number' ? String(raw) : '';
  if (['on', 'true', '1', 'yes', 'enabled', 'enable'].includes(text)) return true;
  if (['off', 'false', '0', 'no', 'disabled', 'disable'].includes(text)) return false;
  return undefined;
}

function parseEnum(spec: Extract<ParamSpec, { type: 'enum' }>, raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const wanted = normaliseName(raw);
  for (const option of spec.options) {
    const spellings = [option.value, ...Object.values(option.labels), ...(option.aliases ?? [])];
    if (spellings.some((s) => s !== undefined && normaliseName(s) === wanted)) return option.value;
  }
  return undefined;
}

export function parseValue(spec: ParamSpec, raw: unknown): ParsedValue {
  let value: EcuConfigValue | undefined;
  switch (spec.type) {
    case 'enum':
      value = parseEnum(spec, raw);
      break;
    case 'int':
      value = parseNumber(raw);
      break;
    case 'triplet':
      value = parseTriplet(raw);
      break;
    case 'bool':
      value = parseBool(raw);
      break;
    case 'string':
      value = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : undefined;
      break;
  }
  return value === undefined ? { ok: false, reason: `not a valid ${spec.type}` } : { ok: true, value };
}

export function sameValue(a: EcuConfigValue, b: EcuConfigValue): boolean {
  if (typeof a === 'object' && typeof b === 'object') return a.l1 === b.l1 && a.l2 === b.l2 && a.l3 === b.l3;
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  return a === b;
}

export const REDACTED = '••••••';

/** A value as this firmware's web interface shows it; secrets are never rendered. */
export function renderValue(spec: ParamSpec, value: EcuConfigValue, version: FirmwareVersion): string {
  if (spec.secret) return REDACTED;
  if (typeof value === 'object') return `(${value.l1}/${value.l2}/${value.l3})`;
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  if (spec.type === 'enum') {
    const option = spec.options.find((o) => o.value === value);
    return option?.labels[version] ?? Object.values(option?.labels ?? {})[0] ?? String(value);
  }
  return String(value);
}
