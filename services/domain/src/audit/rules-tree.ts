import type { PhaseTriplet } from '../config/catalog-types';
import type { AuditRule } from './rule';
import { defineRule } from './rule';
import type { DlmNetwork, EcuEntry, SiteIndex } from './site-index';
import { dlmTarget, ecuLabel, siteTarget, stationTarget } from './site-index';
import { addMaxDraw, exceedsOnAnyPhase, formatTriplet, PHASES, zeroTriplet } from './values';

// The electrical tree (main connection → supply lines → stations → charge points) and use case 4 (§7.4):
// with an external meter the ECU cannot distribute dynamically per supply line.

function maxDraw(ecus: readonly EcuEntry[]): PhaseTriplet {
  const total = zeroTriplet();
  for (const e of ecus) addMaxDraw(total, e);
  return total;
}

const meterNetwork = (net: DlmNetwork): boolean =>
  net.masters.length === 1 && net.masters[0]?.cfg.externalMeterSupport === true;

/** True when one DLM network holds every ECU of the line and its master caps the line's rating. */
function lineProtectedByDlm(index: SiteIndex, lineId: string, ecus: readonly EcuEntry[]): boolean {
  const line = index.supplyLines.get(lineId);
  const first = ecus[0];
  if (!line || !first || first.dlmRole === 'none') return false;
  const net = index.dlmNetworks.find(
    (n) => n.lanId === first.station.lanId && n.networkId === first.dlmNetworkId,
  );
  if (!net || meterNetwork(net) || !ecus.every((e) => net.members.includes(e))) return false;
  const sub = net.masters.length === 1 ? net.masters[0]?.cfg.evseSubDistributionLimit : undefined;
  return sub !== undefined && !exceedsOnAnyPhase(sub, line.ratingA);
}

export const treeRules: AuditRule[] = [
  defineRule(
    {
      id: 'tree.supply-line-known',
      severity: 'error',
      target: 'station',
      section: '§7',
      source: 'implied',
      title: "A station's supply line exists in the site",
    },
    (index, report) => {
      for (const s of index.stations)
        if (!index.supplyLines.has(s.station.supplyLineId))
          report(
            stationTarget(s.station),
            `Station ${s.station.id} is on supply line '${s.station.supplyLineId}', which the site does not define. Add the supply line with its rated current or correct the station's supplyLineId.`,
          );
    },
  ),
  defineRule(
    {
      id: 'tree.lan-known',
      severity: 'error',
      target: 'station',
      section: '§4',
      source: 'implied',
      title: "A station's LAN exists in the site",
    },
    (index, report) => {
      for (const lan of index.lans)
        if (!lan.lan)
          for (const s of lan.stations)
            report(
              stationTarget(s.station),
              `Station ${s.station.id} is in LAN '${lan.id}', which the site does not define. Add the LAN (internet, router DHCP) or correct the station's lanId.`,
            );
    },
  ),
  defineRule(
    {
      id: 'tree.supply-line-overload',
      severity: 'error',
      target: 'site',
      section: '§7.1, §7.2',
      source: 'implied',
      title: 'Charge points that can exceed a supply line are limited by one DLM network',
    },
    (index, report) => {
      for (const [lineId, ecus] of index.ecusBySupplyLine) {
        const line = index.supplyLines.get(lineId);
        if (!line) continue;
        const draw = maxDraw(ecus);
        if (!exceedsOnAnyPhase(draw, line.ratingA) || lineProtectedByDlm(index, lineId, ecus)) continue;
        if (ecus.some((e) => index.dlmNetworks.some((n) => meterNetwork(n) && n.members.includes(e))))
          continue;
        report(
          { kind: 'site', supplyLineId: lineId },
          `The charge points on supply line ${lineId} can draw ${formatTriplet(draw)}, above its rating ${formatTriplet(line.ratingA)}, and no single DLM master limits them. Put them in one DLM network whose EVSE Sub-Distribution Limit is at most the line's rating (§7.1), or lower their Operator Current Limits.`,
        );
      }
    },
  ),
  defineRule(
    {
      id: 'tree.supply-lines-exceed-main',
      severity: 'info',
      target: 'site',
      section: '§7.3, §7.4',
      source: 'implied',
      title: 'Supply lines above the main connection need a limit across DLM networks',
    },
    (index, report) => {
      const sum = zeroTriplet();
      for (const line of index.site.supplyLines) for (const p of PHASES) sum[p] += line.ratingA[p];
      const main = index.site.mainConnection.ratingA;
      if (index.site.supplyLines.length > 1 && exceedsOnAnyPhase(sum, main) && index.site.meters.length === 0)
        report(
          siteTarget(),
          `The supply lines together are rated ${formatTriplet(sum)}, above the main connection ${formatTriplet(main)}; separate DLM networks do not limit each other. Use an external meter (use case 4, §7.4) or a cloud limit on the operator limits.`,
        );
    },
  ),
  defineRule(
    {
      id: 'dlm.uc4-operator-current-sum',
      severity: 'error',
      target: 'site',
      section: '§7.4',
      source: 'stated',
      title: 'Use case 4: sum of Operator Current Limits ≤ supply line rating',
    },
    (index, report) => {
      for (const net of index.dlmNetworks) {
        if (!meterNetwork(net)) continue;
        for (const lineId of net.supplyLineIds) {
          const line = index.supplyLines.get(lineId);
          const draw = maxDraw(net.members.filter((e) => e.station.supplyLineId === lineId));
          if (line && exceedsOnAnyPhase(draw, line.ratingA))
            report(
              { kind: 'site', supplyLineId: lineId },
              `With an external meter (DLM Network Id ${net.networkId}) the ECU cannot distribute per supply line: the charge points on ${lineId} can draw ${formatTriplet(draw)}, above its rating ${formatTriplet(line.ratingA)}. Set 'Operator Current Limit' on master and satellite ECUs so their sum stays within the line, or size the line for full capacity.`,
            );
        }
      }
    },
  ),
  defineRule(
    {
      id: 'dlm.uc4-same-network',
      severity: 'warning',
      target: 'network',
      section: '§7.4',
      source: 'stated',
      title: 'Use case 4: all charging stations share the DLM Network Id',
    },
    (index, report) => {
      for (const net of index.dlmNetworks) {
        if (!meterNetwork(net)) continue;
        const lan = index.lans.find((l) => l.id === net.lanId);
        const outside = (lan?.ecus ?? []).filter((e) => !net.members.includes(e));
        if (outside.length > 0)
          report(
            dlmTarget(net),
            `Use case 4 needs all charging stations in DLM Network Id ${net.networkId}, but ${outside.map(ecuLabel).join(', ')} are not. Set them to 'DLM Slave (Master-Auto-Discovery)' with DLM Network Id ${net.networkId}.`,
          );
      }
    },
  ),
];
