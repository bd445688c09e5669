import { between, mulberry32, pick, type Random } from '@ampfleet/domain';

// The lightweight sites of `npm start -- --sites N`: a deterministic catalog (same seed, same fleet),
// ids ls-0001…, ~10 charge points each, names, addresses and tags varied so a search finds a few.

export interface LightChargePoint {
  id: string;
  model: 'AMTRON Professional+' | 'AMEDIO Professional+';
  firmwareVersion: string;
  serialNumber: string;
}

export interface LightSite {
  siteId: string;
  name: string;
  address: string;
  tags: string[];
  chargePoints: LightChargePoint[];
}

export const LIGHT_SITE_PREFIX = 'ls-';
export const DEFAULT_FLEET_SEED = 20_261_202;

const TOWNS: [string, string][] = [
  ['Kirchhundem', '57399'],
  ['Augsburg', '86150'],
  ['Bielefeld', '33602'],
  ['Dortmund', '44135'],
  ['Freiburg', '79098'],
  ['Hamburg', '20095'],
  ['Kassel', '34117'],
  ['Leipzig', '04109'],
  ['Mainz', '55116'],
  ['Münster', '48143'],
  ['Nürnberg', '90402'],
  ['Regensburg', '93047'],
  ['Siegen', '57072'],
  ['Ulm', '89073'],
  ['Wien', '1010'],
  ['Zürich', '8001'],
];
const KINDS = [
  'Depot',
  'Retail Park',
  'Office Campus',
  'Hotel',
  'Fleet Yard',
  'Residential',
  'Town Hall',
  'Clinic',
];
const STREETS = ['Hauptstraße', 'Bahnhofstraße', 'Industriestraße', 'Am Markt', 'Ringstraße', 'Lindenweg'];
const TAGS = [
  'public',
  'fleet',
  'workplace',
  'retail',
  'residential',
  'pv',
  'dlm',
  'premium',
  'night-tariff',
];
// §2 product range: AMTRON wallboxes and AMEDIO twin columns, ECU firmware 4.5x / 4.61.
const MODELS = ['AMTRON Professional+', 'AMEDIO Professional+'] as const;
const FIRMWARE = ['4.52-5101-0f1e2d3c', '4.53-5412-d6a2288f6', '4.61-5630-1a2b3c4d'] as const;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function someTags(random: Random): string[] {
  const count = 1 + Math.floor(random() * 3);
  const tags = new Set<string>();
  while (tags.size < count) tags.add(pick(random, TAGS as [string, ...string[]]));
  return [...tags].sort();
}

function lightSite(index: number, random: Random): LightSite {
  const siteId = `${LIGHT_SITE_PREFIX}${pad(index + 1, 4)}`;
  const [town, zip] = pick(random, TOWNS as [[string, string], ...[string, string][]]);
  const kind = pick(random, KINDS as [string, ...string[]]);
  const street = pick(random, STREETS as [string, ...string[]]);
  const model = pick(random, [...MODELS] as [LightChargePoint['model'], ...LightChargePoint['model'][]]);
  const firmwareVersion = pick(random, [...FIRMWARE] as [string, ...string[]]);
  const count = Math.floor(between(random, 8, 13)); // 8–12, ~10 on average
  return {
    siteId,
    name: `${town} ${kind} ${index + 1}`,
    address: `${street} ${1 + Math.floor(random() * 120)}, ${zip} ${town}`,
    tags: someTags(random),
    chargePoints: Array.from({ length: count }, (_, i) => ({
      id: `${siteId}-cp${pad(i + 1, 2)}`,
      model,
      firmwareVersion,
      serialNumber: `${pad(1_000_000 + index * 16 + i, 8)}`,
    })),
  };
}

/** `count` lightweight sites; the same seed gives the same catalog. */
export function lightSites(count: number, seed = DEFAULT_FLEET_SEED): LightSite[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => lightSite(i, random));
}
