import type { EcuConfig } from '@ampfleet/domain';

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
  /** The site's one DLM network: the first charge point is its master, the meter is on it (§7.4). */
  dlm: DemoDlm;
}

export interface DemoDlm {
  /** The master's firmware: picks its OCPP key names (4.61 renames the meter fallback). */
  firmwareVersion: string;
  /** Operator EVSE Sub-Distribution Limit per phase (A), ≤ the supply line (§7.1). */
  operatorLimitA: number;
  /** Main Distribution Limit per phase (A): the house connection the meter point measures. */
  mainDistributionLimitA: number;
  /** External Meter Disconnected / External Load Fallback per phase (A). */
  fallbackA: number;
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
  {
    siteId: 'depot-nord',
    name: 'Depot Nord',
    supplyLimitA: 63,
    chargePoints: amedios('dn', 3),
    dlm: {
      firmwareVersion: '4.61-5630-1a2b3c4d',
      operatorLimitA: 63,
      mainDistributionLimitA: 100,
      fallbackA: 60,
    },
  },
  // A car park: two AMEDIOs and an AMTRON on 100 A.
  {
    siteId: 'parkhaus-altstadt',
    name: 'Parkhaus Altstadt',
    supplyLimitA: 100,
    chargePoints: [...amedios('pa', 2), amtron('pa-t1', 'TRS')],
    dlm: {
      firmwareVersion: '4.53-5412-d6a2288f6',
      operatorLimitA: 80,
      mainDistributionLimitA: 160,
      fallbackA: 100,
    },
  },
  // Use case 1 style: an apartment building, two AMTRONs (one single-phase on L2) on a 32 A line.
  {
    siteId: 'lindenweg-12',
    name: 'Apartment building Lindenweg 12',
    supplyLimitA: 32,
    chargePoints: [amtron('lw-t1'), amtron('lw-t2', 'STR', 'single-phase')],
    dlm: {
      firmwareVersion: '4.52-5101-0f1e2d3c',
      operatorLimitA: 32,
      mainDistributionLimitA: 50,
      fallbackA: 40,
    },
  },
];

/** The master's DLM parameters (catalog keys) as the demo's ECU simulator serves them. */
export function demoMasterConfig(site: DemoSite): EcuConfig {
  const all = (a: number) => ({ l1: a, l2: a, l3: a });
  return {
    dlmMode: 'masterWithInternalSlave',
    dlmSampleRate: 5,
    evseSubDistributionLimit: all(site.supplyLimitA),
    operatorEvseSubDistributionLimit: all(Math.min(site.dlm.operatorLimitA, site.supplyLimitA)),
    currentImbalancePrevention: true,
    currentImbalanceLimit: 20,
    // The demo meter measures the household and the EVs (§7.4.2).
    externalMeterSupport: true,
    externalMeterLocation: 'includingEvse',
    mainDistributionLimit: all(site.dlm.mainDistributionLimitA),
    externalLoadFallback: all(site.dlm.fallbackA),
    secondMeterConfig: 'siemens7KM2200Tcp',
  };
}

export const DEMO_DLM_NETWORK_ID = 'dlm-0';
