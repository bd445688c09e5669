// ECU firmware versions the catalog knows (§1: the manual covers 4.53 and 4.61; the commissioning data
// sheets show 4.50 and 4.52). Application versions look like '4.52-5412-d6a2288f6' (§2.1, Fig. 3).

export const FIRMWARE_VERSIONS = ['4.50', '4.52', '4.53', '4.61'] as const;
export type FirmwareVersion = (typeof FIRMWARE_VERSIONS)[number];

export interface ParsedFirmware {
  raw: string;
  major: number;
  minor: number;
  build?: string;
  commit?: string;
  /** The catalog version whose parameter set applies: the newest known version ≤ this one. */
  catalogVersion?: FirmwareVersion;
  /** True when major.minor is one of FIRMWARE_VERSIONS exactly. */
  known: boolean;
}

const firmwarePattern = /^\s*v?(\d+)\.(\d+)(?:-(\d+))?(?:-([0-9a-fA-F]+))?\s*$/;
const versionNumbers = FIRMWARE_VERSIONS.map((v) => v.split('.').map(Number) as [number, number]);
// Fleets share a handful of application versions: parse each string once (a pure memo).
const parsedCache = new Map<string, ParsedFirmware | undefined>();

export function parseFirmware(raw: string): ParsedFirmware | undefined {
  if (parsedCache.has(raw)) return parsedCache.get(raw);
  const parsed = parseUncached(raw);
  if (parsedCache.size < 10_000) parsedCache.set(raw, parsed);
  return parsed;
}

function parseUncached(raw: string): ParsedFirmware | undefined {
  const match = firmwarePattern.exec(raw);
  if (!match) return undefined;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const catalogVersion = catalogVersionFor(major, minor);
  const label = `${major}.${String(minor).padStart(2, '0')}`;
  return {
    raw,
    major,
    minor,
    ...(match[3] !== undefined && { build: match[3] }),
    ...(match[4] !== undefined && { commit: match[4] }),
    ...(catalogVersion !== undefined && { catalogVersion }),
    known: (FIRMWARE_VERSIONS as readonly string[]).includes(label),
  };
}

function catalogVersionFor(major: number, minor: number): FirmwareVersion | undefined {
  let best: FirmwareVersion | undefined;
  FIRMWARE_VERSIONS.forEach((version, i) => {
    const [vMajor, vMinor] = versionNumbers[i] as [number, number];
    if (vMajor < major || (vMajor === major && vMinor <= minor)) best = version;
  });
  return best;
}

/** major.minor of a raw application version, or undefined when it cannot be read. */
export function firmwareVersionOf(raw: string): FirmwareVersion | undefined {
  return parseFirmware(raw)?.catalogVersion;
}

export function firmwareAtLeast(version: FirmwareVersion, minimum: FirmwareVersion): boolean {
  return FIRMWARE_VERSIONS.indexOf(version) >= FIRMWARE_VERSIONS.indexOf(minimum);
}
