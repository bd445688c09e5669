import { phases } from '../config/builders';
import type { EcuConfig, EcuParamKey } from '../config/catalog';
import { firmwareAtLeast, firmwareVersionOf } from '../config/firmware';
import type { Site, Station, StationEcu } from '../config/site';
import { masterLimits } from '../planning/templates';
import type { TemplateChange } from './change';
import type { ApplyResult } from './apply';

// A §7.1–§7.4 template applied to an existing site: the DLM settings the template (planning/templates.ts)
// gives a freshly planned site, set on this site's own stations, supply lines and meter — hardware,
// wiring and network stay as they are. One DLM network per supply line (§7.3); the first ECU on the line
// is the master (§7.1), every other ECU a slave with master auto-discovery.

/** Settings only a DLM master carries (§7.1, §7.4): removed from an ECU that becomes a slave. */
const MASTER_ONLY: readonly EcuParamKey[] = [
  'dlmSampleRate',
  'evseSubDistributionLimit',
  'operatorEvseSubDistributionLimit',
  'externalMeterSupport',
  'mainDistributionLimit',
  'externalLoadHeadroom',
  'externalLoadFallback',
  'externalMeterLocation',
  'secondMeterConfig',
];
const METER_KEYS = MASTER_ONLY.slice(3);

type Fail = { ok: false; error: { path: string; message: string } };
const fail = (message: string, path = 'change.template'): Fail => ({ ok: false, error: { path, message } });

function without(config: EcuConfig, keys: readonly EcuParamKey[]): EcuConfig {
  const out: EcuConfig = { ...config };
  for (const key of keys) delete out[key];
  return out;
}

function linesWithStations(site: Site): { lineIndex: number; stations: Station[] }[] {
  return site.supplyLines.flatMap((line, lineIndex) => {
    const stations = site.stations.filter((s) => s.supplyLineId === line.id);
    return stations.length ? [{ lineIndex, stations }] : [];
  });
}

function lineLimitA(site: Site, lineIndex: number): number {
  const rating = site.supplyLines[lineIndex]?.ratingA;
  return rating ? Math.min(rating.l1, rating.l2, rating.l3) : 0;
}

function meterMasterConfig(site: Site, ecu: StationEcu): EcuConfig {
  const meter = site.meters[0];
  const main = site.mainConnection.ratingA;
  const version = firmwareVersionOf(ecu.firmware);
  return {
    externalMeterSupport: true,
    mainDistributionLimit: { ...main },
    externalLoadFallback: phases(9999),
    ...(version !== undefined && firmwareAtLeast(version, '4.61') && { externalLoadHeadroom: phases(0) }),
    externalMeterLocation: meter?.measures === 'total' ? 'includingEvse' : 'excludingEvse',
    secondMeterConfig: meter?.model === 'Phoenix EEM-MB371' ? 'phoenixEemMb371Tcp' : 'siemens7KM2200Tcp',
  };
}

function check(site: Site, change: TemplateChange): Fail | undefined {
  const lines = linesWithStations(site);
  if (lines.length === 0) return fail(`site ${site.id} has no stations`);
  switch (change.template) {
    case 'useCase1': {
      const crowded = lines.find((l) => l.stations.length > 1);
      return crowded
        ? fail(
            `§7.1 is one station per supply line; ${site.supplyLines[crowded.lineIndex]?.id} has ${crowded.stations.length}`,
          )
        : undefined;
    }
    case 'useCase2':
      return lines.length > 1
        ? fail(`§7.2 is one supply line; site ${site.id} has stations on ${lines.length}`)
        : undefined;
    case 'useCase3':
      return lines.length < 2
        ? fail(`§7.3 is several supply lines; site ${site.id} has stations on one`)
        : undefined;
    case 'useCase4':
      if (site.meters.length !== 1)
        return fail(`§7.4 needs exactly one external meter; site ${site.id} has ${site.meters.length}`);
      return lines.length > 1
        ? fail(`§7.4 is one supply line; site ${site.id} has stations on ${lines.length}`)
        : undefined;
  }
}

export function applyTemplate(site: Site, change: TemplateChange): ApplyResult {
  const refused = check(site, change);
  if (refused) return refused;
  const withMeter = change.template === 'useCase4';
  const configs = new Map<StationEcu, EcuConfig>();
  for (const { lineIndex, stations } of linesWithStations(site)) {
    const ecus = stations.flatMap((s) => s.ecus);
    const limitA = lineLimitA(site, lineIndex);
    const networkId = withMeter ? (site.meters[0]?.dlmNetworkId ?? 0) : lineIndex;
    // §7.4: Operator Current Limit per charge point so that the line holds even without the meter.
    const perCpA = Math.min(32, Math.floor(limitA / ecus.length));
    if (withMeter && perCpA < 6)
      return fail(
        `${ecus.length} charge points cannot share ${limitA} A with at least 6 A each`,
        'site.supplyLines',
      );
    ecus.forEach((ecu, i) => {
      const base = without(ecu.config, i === 0 ? (withMeter ? [] : METER_KEYS) : MASTER_ONLY);
      const role: EcuConfig =
        i === 0
          ? {
              dlmMode: 'masterWithInternalSlave',
              ...masterLimits(limitA),
              ...(withMeter && meterMasterConfig(site, ecu)),
            }
          : { dlmMode: 'slaveAutoDiscovery' };
      configs.set(ecu, {
        ...base,
        dlmNetworkId: networkId,
        ...(withMeter && { operatorCurrentLimit: perCpA }),
        ...role,
      });
    });
  }
  const stations = site.stations.map((station) => ({
    ...station,
    ecus: station.ecus.map((ecu) => {
      const config = configs.get(ecu);
      return config ? { ...ecu, config } : ecu;
    }),
  }));
  return { ok: true, site: { ...site, stations } };
}
