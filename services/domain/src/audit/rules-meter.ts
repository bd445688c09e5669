import type { AuditRule } from './rule';
import { defineRule } from './rule';
import type { DlmNetwork, EcuEntry, SiteIndex } from './site-index';
import { dlmTarget, ecuLabel, paramTarget } from './site-index';
import { exceedsOnAnyPhase, formatTriplet, PHASES } from './values';

// §7.4 use case 4: the external (second) meter read by the DLM master.

/** Articles of the Siemens PAC2200 the ECU supports (§7.4): transducer 5 A and direct up to 65 A. */
export const PAC2200_ARTICLES = [
  '7KM2200-2EA30-1JA1',
  '7KM2200-2EA30-1EA1',
  '7KM2200-2EA40-1JA1',
  '7KM2200-2EA40-1EA1',
];
export const DIRECT_MEASUREMENT_MAX_A = 65;

const meterConfigFor = {
  'Siemens PAC2200': 'siemens7KM2200Tcp',
  'Phoenix EEM-MB371': 'phoenixEemMb371Tcp',
} as const;

function eachMeterMaster(index: SiteIndex, visit: (m: EcuEntry, net: DlmNetwork) => void): void {
  for (const net of index.dlmNetworks)
    for (const m of net.masters) if (m.cfg.externalMeterSupport === true) visit(m, net);
}

const configRules: AuditRule[] = [
  defineRule(
    {
      id: 'meter.installed',
      severity: 'error',
      target: 'network',
      section: '§7.4',
      source: 'stated',
      title: 'External Meter Support needs a Modbus-TCP meter in the same network',
    },
    (index, report) =>
      eachMeterMaster(index, (m, net) => {
        if (net.meters.length === 0)
          report(
            dlmTarget(net),
            `${ecuLabel(m)} has 'External Meter Support' = On but no external meter is recorded for DLM Network Id ${net.networkId} in LAN ${net.lanId}. Install a compatible Modbus-TCP meter (Siemens PAC2200, Phoenix EEM-MB371) on the same switch, or switch the support Off.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'meter.type-selected',
      severity: 'error',
      target: 'parameter',
      section: '§7.4.1',
      source: 'stated',
      title: "External Meter Support needs 'Meter configuration (Second)'",
    },
    (index, report) =>
      eachMeterMaster(index, (m) => {
        if ((m.cfg.secondMeterConfig ?? 'none') === 'none')
          report(
            paramTarget(m, 'secondMeterConfig'),
            `${ecuLabel(m)} has 'External Meter Support' = On but no 'Meter configuration (Second)'. Select the installed meter, e.g. 'Modbus Siemens 7KM2200 (TCP)'.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'meter.type-matches',
      severity: 'error',
      target: 'parameter',
      section: '§7.4.1',
      source: 'implied',
      title: "'Meter configuration (Second)' matches the installed meter",
    },
    (index, report) =>
      eachMeterMaster(index, (m, net) => {
        const meter = net.meters[0];
        const selected = m.cfg.secondMeterConfig;
        if (
          meter &&
          selected !== undefined &&
          selected !== 'none' &&
          selected !== meterConfigFor[meter.model]
        )
          report(
            paramTarget(m, 'secondMeterConfig'),
            `${ecuLabel(m)} reads a '${selected}' meter but the installed meter ${meter.id} is a ${meter.model}. Select the matching 'Meter configuration (Second)'.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'meter.unused',
      severity: 'warning',
      target: 'site',
      section: '§7.4',
      source: 'implied',
      title: 'An installed meter is read by a DLM master with External Meter Support',
    },
    (index, report) => {
      for (const meter of index.site.meters) {
        const net = index.dlmNetworks.find(
          (n) => n.lanId === meter.lanId && n.networkId === meter.dlmNetworkId,
        );
        if (!net?.masters.some((m) => m.cfg.externalMeterSupport === true))
          report(
            { kind: 'site', meterId: meter.id },
            `Meter ${meter.id} is recorded for DLM Network Id ${meter.dlmNetworkId} in LAN ${meter.lanId}, but no DLM master there has 'External Meter Support' = On. Switch it On on the master, or correct the meter's network.`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'meter.location-set',
      severity: 'error',
      target: 'parameter',
      section: '§7.4.1',
      source: 'stated',
      title: "External Meter Support needs 'External Meter Location'",
    },
    (index, report) =>
      eachMeterMaster(index, (m) => {
        if (m.cfg.externalMeterLocation === undefined)
          report(
            paramTarget(m, 'externalMeterLocation'),
            `${ecuLabel(m)} has no 'External Meter Location'. Set 'Excluding EVSE Sub-Distribution' if the meter measures other consumers only, 'Including EVSE Sub-Distribution' if it measures the charging stations too.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'meter.location-matches',
      severity: 'error',
      target: 'parameter',
      section: '§7.4.1, §7.4.2',
      source: 'stated',
      title: "'External Meter Location' matches where the meter measures",
    },
    (index, report) =>
      eachMeterMaster(index, (m, net) => {
        const meter = net.meters[0];
        const expected = meter?.measures === 'total' ? 'includingEvse' : 'excludingEvse';
        if (meter && m.cfg.externalMeterLocation !== undefined && m.cfg.externalMeterLocation !== expected)
          report(
            paramTarget(m, 'externalMeterLocation'),
            `Meter ${meter.id} measures ${meter.measures === 'total' ? 'the total consumption including the charging stations (option 2)' : 'external consumers only (option 1)'}, but ${ecuLabel(m)} is set to the other location. Set 'External Meter Location' = '${expected === 'includingEvse' ? 'Including' : 'Excluding'} EVSE Sub-Distribution'.`,
          );
      }),
  ),
];

const limitRules: AuditRule[] = [
  defineRule(
    {
      id: 'meter.main-limit-set',
      severity: 'error',
      target: 'parameter',
      section: '§7.4.1',
      source: 'stated',
      title: "External Meter Support needs 'Main Distribution Limit'",
    },
    (index, report) =>
      eachMeterMaster(index, (m) => {
        if (m.cfg.mainDistributionLimit === undefined)
          report(
            paramTarget(m, 'mainDistributionLimit'),
            `${ecuLabel(m)} has no 'Main Distribution Limit (L1/L2/L3) [A]'. Set it to the rated current of the main fuse.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'meter.main-above-sub',
      severity: 'warning',
      target: 'parameter',
      section: '§7.4.1',
      source: 'stated',
      title: 'Main Distribution Limit ≥ EVSE Sub-Distribution Limit',
    },
    (index, report) =>
      eachMeterMaster(index, (m) => {
        const main = m.cfg.mainDistributionLimit;
        const sub = m.cfg.evseSubDistributionLimit;
        if (main && sub && exceedsOnAnyPhase(sub, main))
          report(
            paramTarget(m, 'mainDistributionLimit'),
            `On ${ecuLabel(m)} the Main Distribution Limit ${formatTriplet(main)} is below the EVSE Sub-Distribution Limit ${formatTriplet(sub)}; it covers EVs and other loads and is normally higher. Check both against the main fuse and the supply line.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'meter.main-within-connection',
      severity: 'error',
      target: 'parameter',
      section: '§7.4.1',
      source: 'stated',
      title: 'Main Distribution Limit ≤ the main connection (main fuse)',
    },
    (index, report) =>
      eachMeterMaster(index, (m) => {
        const main = m.cfg.mainDistributionLimit;
        const fuse = index.site.mainConnection.ratingA;
        if (main && exceedsOnAnyPhase(main, fuse))
          report(
            paramTarget(m, 'mainDistributionLimit'),
            `Main Distribution Limit ${formatTriplet(main)} on ${ecuLabel(m)} exceeds the main connection ${formatTriplet(fuse)}. Set it to the rated current of the main fuse or lower.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'meter.headroom-below-main',
      severity: 'error',
      target: 'parameter',
      section: '§7.4.1',
      source: 'implied',
      title: 'External Load Headroom below the Main Distribution Limit',
    },
    (index, report) =>
      eachMeterMaster(index, (m) => {
        const main = m.cfg.mainDistributionLimit;
        const headroom = m.cfg.externalLoadHeadroom;
        if (main && headroom && PHASES.some((p) => headroom[p] >= main[p]))
          report(
            paramTarget(m, 'externalLoadHeadroom'),
            `External Load Headroom ${formatTriplet(headroom)} on ${ecuLabel(m)} leaves nothing of the Main Distribution Limit ${formatTriplet(main)}. Use a headroom of a few amps (the safety distance), far below the limit.`,
          );
      }),
  ),
];

export const meterRules: AuditRule[] = [...configRules, ...limitRules];
