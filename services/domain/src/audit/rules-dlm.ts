import type { AuditRule } from './rule';
import { defineRule } from './rule';
import type { DlmNetwork, EcuEntry, SiteIndex } from './site-index';
import { dlmTarget, ecuLabel, ecuTarget, paramTarget } from './site-index';
import { exceedsOnAnyPhase, formatTriplet, minPhase, MIN_CHARGING_CURRENT_A } from './values';

// §7 Dynamic load management: one master per DLM network, limits, supply lines.

const netLabel = (net: DlmNetwork): string => `DLM Network Id ${net.networkId} in LAN ${net.lanId}`;

function soleMaster(net: DlmNetwork): EcuEntry | undefined {
  return net.masters.length === 1 ? net.masters[0] : undefined;
}

function eachMaster(index: SiteIndex, visit: (master: EcuEntry, net: DlmNetwork) => void): void {
  for (const net of index.dlmNetworks) for (const master of net.masters) visit(master, net);
}

/** Both outside DLM, or in the same DLM network. */
function sameGrouping(a: EcuEntry, b: EcuEntry | undefined): boolean {
  if (!b) return true;
  if (a.dlmRole === 'none' || b.dlmRole === 'none') return a.dlmRole === b.dlmRole;
  return a.station.lanId === b.station.lanId && a.dlmNetworkId === b.dlmNetworkId;
}

export const dlmRules: AuditRule[] = [
  defineRule(
    {
      id: 'dlm.single-master',
      severity: 'error',
      target: 'network',
      section: '§7.1',
      source: 'stated',
      title: 'Exactly one DLM master per DLM Network Id',
    },
    (index, report) => {
      for (const net of index.dlmNetworks) {
        if (net.masters.length < 2) continue;
        const names = net.masters.map(ecuLabel).join(', ');
        report(
          dlmTarget(net),
          `${netLabel(net)} has ${net.masters.length} DLM masters (${names}). Keep one as master and set the others to 'DLM Slave (Master-Auto-Discovery)' or give them their own DLM Network Id.`,
        );
      }
    },
  ),
  defineRule(
    {
      id: 'dlm.slave-has-master',
      severity: 'error',
      target: 'network',
      section: '§7.1',
      source: 'stated',
      title: "Every slave's DLM Network Id has a master",
    },
    (index, report) => {
      for (const net of index.dlmNetworks) {
        if (net.masters.length > 0) continue;
        report(
          dlmTarget(net),
          `${netLabel(net)} has ${net.members.length} DLM slave(s) but no DLM master, so their current is not managed. Configure one charge point of this network as 'DLM Master (With internal DLM-Slave)' or correct the slaves' DLM Network Id.`,
        );
      }
    },
  ),
  defineRule(
    {
      id: 'dlm.sub-limit-set',
      severity: 'error',
      target: 'parameter',
      section: '§7.1',
      source: 'stated',
      title: 'The DLM master has an EVSE Sub-Distribution Limit',
    },
    (index, report) =>
      eachMaster(index, (m) => {
        if (m.cfg.evseSubDistributionLimit === undefined)
          report(
            paramTarget(m, 'evseSubDistributionLimit'),
            `DLM master ${ecuLabel(m)} has no 'EVSE Sub-Distribution Limit (L1/L2/L3) [A]'. Set it to the rated current of the supply line (fuse F3).`,
          );
      }),
  ),
  defineRule(
    {
      id: 'dlm.operator-within-sub',
      severity: 'error',
      target: 'parameter',
      section: '§7.1',
      source: 'stated',
      title: 'Operator EVSE Sub-Distribution Limit ≤ EVSE Sub-Distribution Limit',
    },
    (index, report) =>
      eachMaster(index, (m) => {
        const sub = m.cfg.evseSubDistributionLimit;
        const op = m.cfg.operatorEvseSubDistributionLimit;
        if (sub && op && exceedsOnAnyPhase(op, sub))
          report(
            paramTarget(m, 'operatorEvseSubDistributionLimit'),
            `On ${ecuLabel(m)} the Operator EVSE Sub-Distribution Limit ${formatTriplet(op)} exceeds the EVSE Sub-Distribution Limit ${formatTriplet(sub)}. Lower the operator limit to at most the sub-distribution limit on every phase.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'dlm.operator-limit-set',
      severity: 'warning',
      target: 'parameter',
      section: '§7.1',
      source: 'implied',
      title: 'The DLM master has an Operator EVSE Sub-Distribution Limit',
    },
    (index, report) =>
      eachMaster(index, (m) => {
        if (m.cfg.operatorEvseSubDistributionLimit === undefined)
          report(
            paramTarget(m, 'operatorEvseSubDistributionLimit'),
            `DLM master ${ecuLabel(m)} has no 'Operator EVSE Sub-Distribution Limit'. Set it (normally equal to the EVSE Sub-Distribution Limit) so the effective limit is known.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'dlm.limit-allows-charging',
      severity: 'warning',
      target: 'parameter',
      section: '§7.1',
      source: 'added',
      title: 'DLM limits of at least 6 A (an EV cannot charge below 6 A, IEC 61851)',
    },
    (index, report) =>
      eachMaster(index, (m) => {
        const op = m.cfg.operatorEvseSubDistributionLimit ?? m.cfg.evseSubDistributionLimit;
        if (op && minPhase(op) < MIN_CHARGING_CURRENT_A)
          report(
            paramTarget(m, 'operatorEvseSubDistributionLimit'),
            `DLM limit ${formatTriplet(op)} on ${ecuLabel(m)} is below ${MIN_CHARGING_CURRENT_A} A on some phase, so EVs cannot charge there. Raise it to at least ${MIN_CHARGING_CURRENT_A} A per phase, or accept that charging pauses.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'dlm.sub-within-supply-line',
      severity: 'error',
      target: 'network',
      section: '§7.1, §7.3',
      source: 'stated',
      title: 'EVSE Sub-Distribution Limit ≤ rating of each supply line of the DLM network',
    },
    (index, report) => {
      for (const net of index.dlmNetworks) {
        const sub = soleMaster(net)?.cfg.evseSubDistributionLimit;
        if (!sub) continue;
        for (const lineId of net.supplyLineIds) {
          const line = index.supplyLines.get(lineId);
          if (line && exceedsOnAnyPhase(sub, line.ratingA))
            report(
              dlmTarget(net),
              `${netLabel(net)}: EVSE Sub-Distribution Limit ${formatTriplet(sub)} exceeds supply line ${lineId} rated ${formatTriplet(line.ratingA)}, so fuse F3 may trip. Lower the limit to the supply line's rated current.`,
            );
        }
      }
    },
  ),
  defineRule(
    {
      id: 'dlm.network-spans-supply-lines',
      severity: 'info',
      target: 'network',
      section: '§7.3',
      source: 'implied',
      title: 'One DLM network per supply line',
    },
    (index, report) => {
      for (const net of index.dlmNetworks) {
        if (net.supplyLineIds.length > 1)
          report(
            dlmTarget(net),
            `${netLabel(net)} spans supply lines ${net.supplyLineIds.join(', ')}; the master limits their sum only. Give each supply line its own DLM Network Id and master (§7.3).`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'dlm.supply-line-one-network',
      severity: 'warning',
      target: 'site',
      section: '§7.3',
      source: 'stated',
      title: 'Charge points on one supply line share one DLM network',
    },
    (index, report) => {
      for (const [lineId, ecus] of index.ecusBySupplyLine) {
        if (ecus.every((e) => sameGrouping(e, ecus[0]))) continue;
        const keys = new Set(
          ecus.map((e) => (e.dlmRole === 'none' ? 'none' : `${e.station.lanId}#${e.dlmNetworkId}`)),
        );
        if ([...keys].some((k) => k !== 'none'))
          report(
            { kind: 'site', supplyLineId: lineId },
            `The charge points on supply line ${lineId} are split over ${keys.size} DLM groupings (${[...keys].join(', ')}), so no master limits the whole line. Assign all of them the same DLM Network Id with one master.`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'dlm.standalone-master-uncontrolled',
      severity: 'warning',
      target: 'ecu',
      section: '§7.1',
      source: 'stated',
      title: "A 'DLM Master (Standalone)' does not control its own charging",
    },
    (index, report) => {
      for (const e of index.ecus) {
        if (e.cfg.dlmMode === 'masterStandalone')
          report(
            ecuTarget(e),
            `${ecuLabel(e)} is 'DLM Master (Standalone)': it hosts no internal DLM slave, so if an EV charges there its current is not controlled by DLM. Use 'DLM Master (With internal DLM-Slave)' unless the charge point is never used for charging.`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'dlm.operator-current-limit-allows-charging',
      severity: 'warning',
      target: 'parameter',
      section: '§7.4',
      source: 'added',
      title: 'Operator Current Limit of 0 or at least 6 A',
    },
    (index, report) => {
      for (const e of index.ecus) {
        const limit = e.cfg.operatorCurrentLimit;
        if (limit !== undefined && limit > 0 && limit < MIN_CHARGING_CURRENT_A)
          report(
            paramTarget(e, 'operatorCurrentLimit'),
            `Operator Current Limit ${limit} A on ${ecuLabel(e)} is below ${MIN_CHARGING_CURRENT_A} A, the least an EV can charge with. Set it to at least ${MIN_CHARGING_CURRENT_A} A.`,
          );
      }
    },
  ),
];
