// The demo fleet `npm start` runs: one organisation, three sites modelled on the manual's use cases.
// Rotations follow the §3.2 plan (AMEDIO n: left ECU, right ECU = R/S/T,S/T/R | S/T/R,T/R/S | T/R/S,R/S/T).

export type PhaseRotation = 'RST' | 'STR' | 'TRS';

export interface DemoChargePoint {
  id: string;
  model: 'AMEDIO Professional+' | 'AMTRON Professional+';
  phaseConnection: 'three-phase' | 'single-phase';
  phaseRotation: PhaseRotation;
  ratedCurrentA: number;
}

export interface DemoSite {
  siteId: string;
  name: string;
  /** The supply line's per-phase rating the site's DLM distributes (A). */
  supplyLimitA: number;
  chargePoints: DemoChargePoint[];
}

/** The demo site's RFID cards: the edge agent's local authorization list; the EVs use them. */
export function demoIdTags(siteId: string): string[] {
  const prefix = siteId.slice(0, 3).toUpperCase();
  return Array.from({ length: 8 }, (_, i) => `${prefix}-CARD-${String(i + 1).padStart(2, '0')}`);
}

export const DEMO_ORG_ID = 'demo';

const PLAN: [PhaseRotation, PhaseRotation][] = [
  ['RST', 'STR'],
  ['STR', 'TRS'],
  ['TRS', 'RST'],
];

function amedios(prefix: string, count: number): DemoChargePoint[] {
  return Array.from({ length: count }, (_, i) => {
    const [left, right] = PLAN[i % 3] ?? ['RST', 'STR'];
    return [
      {
        id: `${prefix}-a${i + 1}-l`,
        model: 'AMEDIO Professional+',
        phaseConnection: 'three-phase',
        phaseRotation: left,
        ratedCurrentA: 32,
      },
      {
        id: `${prefix}-a${i + 1}-r`,
        model: 'AMEDIO Professional+',
        phaseConnection: 'three-phase',
        phaseRotation: right,
        ratedCurrentA: 32,
      },
    ] satisfies DemoChargePoint[];
  }).flat();
}

function amtron(
  id: string,
  phaseRotation: PhaseRotation = 'RST',
  phaseConnection: DemoChargePoint['phaseConnection'] = 'three-phase',
): DemoChargePoint {
  return {
    id,
    model: 'AMTRON Professional+',
    phaseConnection,
    phaseRotation,
    ratedCurrentA: phaseConnection === 'single-phase' ? 16 : 32,
  };
}

export const demoSites: DemoSite[] = [
  // Use case 2/3: a depot with three AMEDIOs on one 63 A supply line.
  { siteId: 'depot-nord', name: 'Depot Nord', supplyLimitA: 63, chargePoints: amedios('dn', 3) },
  // A car park: two AMEDIOs and an AMTRON on 100 A.
  {
    siteId: 'parkhaus-altstadt',
    name: 'Parkhaus Altstadt',
    supplyLimitA: 100,
    chargePoints: [...amedios('pa', 2), amtron('pa-t1', 'TRS')],
  },
  // Use case 1 style: an apartment building, two AMTRONs (one single-phase on L2) on a 32 A line.
  {
    siteId: 'lindenweg-12',
    name: 'Apartment building Lindenweg 12',
    supplyLimitA: 32,
    chargePoints: [amtron('lw-t1'), amtron('lw-t2', 'STR', 'single-phase')],
  },
];
