import { phases } from '../config/builders';
import { firmwareAtLeast, firmwareVersionOf } from '../config/firmware';
import type { EcuConfig } from '../config/catalog';
import type { MeterModel, Site } from '../config/site';
import type { StationModel } from '../config/hardware';
import { stationHardware } from '../config/hardware';
import { PlanningError } from './errors';
import type { SiteSpec } from './site-builder';
import { buildSite } from './site-builder';

// The four DLM use cases of §7.1–§7.4 as templates producing a site that audits with zero errors.

export interface TemplateOptions {
  firmware?: string;
  backend?: SiteSpec['backend'];
  addressing?: SiteSpec['addressing'];
  backendUrl?: string;
}

const imbalance: EcuConfig = { currentImbalancePrevention: true, currentImbalanceLimit: 20 };

/** §7.1 DLM master settings for a supply line of `limitA` (also used to apply a template to a site: rollout). */
export function masterLimits(limitA: number): EcuConfig {
  return {
    dlmSampleRate: 30,
    evseSubDistributionLimit: phases(limitA),
    operatorEvseSubDistributionLimit: phases(limitA),
    ...imbalance,
  };
}

function common(options: TemplateOptions): Partial<SiteSpec> {
  return {
    ...(options.firmware !== undefined && { firmware: options.firmware }),
    ...(options.backend !== undefined && { backend: options.backend }),
    ...(options.addressing !== undefined && { addressing: options.addressing }),
    ...(options.backendUrl !== undefined && { backendUrl: options.backendUrl }),
  };
}

/** §7.1: one AMEDIO on a supply line below its full capacity (e.g. 32 A instead of 64 A). */
export function useCase1(
  options: TemplateOptions & { supplyLineA?: number; model?: StationModel } = {},
): Site {
  const lineA = options.supplyLineA ?? 32;
  return buildSite({
    ...common(options),
    name: 'Use case 1: car park with two charging points',
    mainA: Math.max(lineA, 63),
    lines: [
      {
        ratingA: lineA,
        stations: [options.model ?? 'AMEDIO Professional+'],
        dlm: { master: masterLimits(lineA) },
      },
    ],
  });
}

/** §7.2: several stations on one supply line, one DLM network. */
export function useCase2(
  options: TemplateOptions & { supplyLineA?: number; stations?: readonly StationModel[] } = {},
): Site {
  const lineA = options.supplyLineA ?? 100;
  return buildSite({
    ...common(options),
    name: 'Use case 2: car park with several charging points',
    mainA: Math.max(lineA, 250),
    lines: [
      {
        ratingA: lineA,
        stations: options.stations ?? ['AMEDIO Professional+', 'AMEDIO Professional'],
        dlm: { master: masterLimits(lineA) },
      },
    ],
  });
}

/** §7.3: several supply lines behind one power connection, one DLM Network Id per line. */
export function useCase3(
  options: TemplateOptions & {
    lines?: readonly { ratingA: number; stations: readonly StationModel[] }[];
    mainA?: number;
  } = {},
): Site {
  const lines = options.lines ?? [
    { ratingA: 100, stations: ['AMEDIO Professional+', 'AMEDIO Professional'] },
    { ratingA: 100, stations: ['AMEDIO Professional', 'AMEDIO Professional'] },
  ];
  return buildSite({
    ...common(options),
    name: 'Use case 3: several stations, common power connection',
    mainA: options.mainA ?? lines.reduce((sum, l) => sum + l.ratingA, 0),
    lines: lines.map((l) => ({ ...l, dlm: { master: masterLimits(l.ratingA) } })),
  });
}

export interface UseCase4Options extends TemplateOptions {
  /** 1: meter measures external consumers only (§7.4.1); 2: total consumption (§7.4.2). */
  option: 1 | 2;
  stations?: readonly StationModel[];
  mainA?: number;
  supplyLineA?: number;
  meterModel?: MeterModel;
  /** Assumed as the meter reading when the meter fails (firmware semantics); 9999 stops charging. */
  fallbackA?: number;
}

/** §7.4: external meter on the DLM master; Operator Current Limits keep the supply line safe. */
export function useCase4(options: UseCase4Options): Site {
  const stations = options.stations ?? ['AMTRON Professional+'];
  const mainA = options.mainA ?? 100;
  const lineA = options.supplyLineA ?? Math.min(mainA, 63);
  const cps = stations.reduce((n, m) => n + stationHardware(m).ecuCount, 0);
  const perCp = Math.min(32, Math.floor(lineA / cps));
  if (perCp < 6)
    throw new PlanningError(
      `${cps} charge points cannot share ${lineA} A with at least 6 A each`,
      'supplyLineA',
    );
  const version = firmwareVersionOf(options.firmware ?? '4.61');
  const has461 = version !== undefined && firmwareAtLeast(version, '4.61');
  const meterModel = options.meterModel ?? 'Siemens PAC2200';
  const master: EcuConfig = {
    ...masterLimits(Math.min(lineA, mainA)),
    externalMeterSupport: true,
    mainDistributionLimit: phases(mainA),
    externalLoadFallback: phases(options.fallbackA ?? 9999),
    ...(has461 && { externalLoadHeadroom: phases(0) }),
    externalMeterLocation: options.option === 1 ? 'excludingEvse' : 'includingEvse',
    secondMeterConfig: meterModel === 'Siemens PAC2200' ? 'siemens7KM2200Tcp' : 'phoenixEemMb371Tcp',
  };
  const site = buildSite({
    ...common(options),
    name: `Use case 4, option ${options.option}: external meter`,
    mainA,
    lines: [{ ratingA: lineA, stations, dlm: { master, eachEcu: { operatorCurrentLimit: perCp } } }],
  });
  return {
    ...site,
    meters: [
      {
        id: 'meter-1',
        model: meterModel,
        ...(meterModel === 'Siemens PAC2200' && { articleNumber: '7KM2200-2EA30-1JA1' }),
        lanId: site.lans[0]?.id ?? 'lan-1',
        dlmNetworkId: 0,
        measures: options.option === 1 ? 'externalOnly' : 'total',
        measurement: 'transducer',
      },
    ],
  };
}
