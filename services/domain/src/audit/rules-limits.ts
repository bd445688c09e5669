import type { PhaseTriplet } from '../config/catalog-types';
import type { AuditRule } from './rule';
import { defineRule } from './rule';
import type { DlmNetwork, EcuEntry, SiteIndex } from './site-index';
import { ecuLabel, ecuTarget, paramTarget } from './site-index';
import { formatTriplet, MIN_CHARGING_CURRENT_A, PHASES } from './values';

// §8 unbalanced load prevention and §9 downgrade input, both set on the DLM master.

/** The German technical connection conditions (TAB) allow up to 20 A asymmetry (§8). */
export const TAB_IMBALANCE_LIMIT_A = 20;

function eachMaster(index: SiteIndex, visit: (m: EcuEntry, net: DlmNetwork) => void): void {
  for (const net of index.dlmNetworks) for (const m of net.masters) visit(m, net);
}

const downgradeEnabled = (m: EcuEntry): boolean => (m.cfg.externalInput1Config ?? 'disable') !== 'disable';
const isZero = (t: PhaseTriplet | undefined): boolean => !t || PHASES.every((p) => t[p] === 0);

const imbalanceRules: AuditRule[] = [
  defineRule(
    {
      id: 'imbalance.limit-set',
      severity: 'error',
      target: 'parameter',
      section: '§8',
      source: 'stated',
      title: 'Current Imbalance Prevention needs a Current Imbalance Limit',
    },
    (index, report) =>
      eachMaster(index, (m) => {
        if (m.cfg.currentImbalancePrevention === true && !m.cfg.currentImbalanceLimit)
          report(
            paramTarget(m, 'currentImbalanceLimit'),
            `${ecuLabel(m)} has Current Imbalance Prevention On without a Current Imbalance Limit. Set the limit, e.g. ${TAB_IMBALANCE_LIMIT_A} A.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'imbalance.limit-tab',
      severity: 'warning',
      target: 'parameter',
      section: '§8',
      source: 'stated',
      title: `Current Imbalance Limit ≤ ${TAB_IMBALANCE_LIMIT_A} A (TAB)`,
    },
    (index, report) =>
      eachMaster(index, (m) => {
        const limit = m.cfg.currentImbalanceLimit;
        if (m.cfg.currentImbalancePrevention === true && limit !== undefined && limit > TAB_IMBALANCE_LIMIT_A)
          report(
            paramTarget(m, 'currentImbalanceLimit'),
            `Current Imbalance Limit ${limit} A on ${ecuLabel(m)} is above the ${TAB_IMBALANCE_LIMIT_A} A asymmetry German grid operators allow (TAB). Set ${TAB_IMBALANCE_LIMIT_A} A or less.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'imbalance.limit-allows-single-phase',
      severity: 'warning',
      target: 'parameter',
      section: '§8',
      source: 'added',
      title: `Current Imbalance Limit ≥ ${MIN_CHARGING_CURRENT_A} A, or single-phase EVs cannot charge`,
    },
    (index, report) =>
      eachMaster(index, (m) => {
        const limit = m.cfg.currentImbalanceLimit;
        if (
          m.cfg.currentImbalancePrevention === true &&
          limit !== undefined &&
          limit > 0 &&
          limit < MIN_CHARGING_CURRENT_A
        )
          report(
            paramTarget(m, 'currentImbalanceLimit'),
            `Current Imbalance Limit ${limit} A on ${ecuLabel(m)} is below ${MIN_CHARGING_CURRENT_A} A, so a single-phase EV (at least ${MIN_CHARGING_CURRENT_A} A on one phase) can never charge. Use e.g. ${TAB_IMBALANCE_LIMIT_A} A.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'imbalance.recommended',
      severity: 'info',
      target: 'ecu',
      section: '§8',
      source: 'implied',
      title: 'Unbalanced load prevention is on at the DLM master',
    },
    (index, report) =>
      eachMaster(index, (m) => {
        if (m.cfg.currentImbalancePrevention !== true)
          report(
            ecuTarget(m),
            `${ecuLabel(m)} does not prevent unbalanced load; single-phase EVs can load one phase far more than the others. Set 'Current Imbalance Prevention' = On with 'Current Imbalance Limit' = ${TAB_IMBALANCE_LIMIT_A} A (TAB, Germany).`,
          );
      }),
  ),
];

const downgradeRules: AuditRule[] = [
  defineRule(
    {
      id: 'downgrade.relay-required',
      severity: 'error',
      target: 'parameter',
      section: '§9',
      source: 'stated',
      title: 'The downgrade input needs the relay of the AMEDIO Professional+* 22',
    },
    (index, report) => {
      for (const e of index.ecus)
        if (downgradeEnabled(e) && !e.hw.hasDowngradeRelay)
          report(
            paramTarget(e, 'externalInput1Config'),
            `${ecuLabel(e)} (${e.station.model}) enables the downgrade input, but only the AMEDIO Professional+* 22 (PnC) has its relay. Set 'External Input 1 Config' = DISABLE.`,
          );
    },
  ),
  defineRule(
    {
      id: 'downgrade.opto2',
      severity: 'error',
      target: 'parameter',
      section: '§9',
      source: 'stated',
      title: "The downgrade input is 'ENABLE OPTO 2' (OPTO 1 is not assigned)",
    },
    (index, report) => {
      for (const e of index.ecus)
        if (e.cfg.externalInput1Config === 'enableOpto1')
          report(
            paramTarget(e, 'externalInput1Config'),
            `${ecuLabel(e)} uses 'ENABLE OPTO 1', which is not assigned. Set 'External Input 1 Config' = ENABLE OPTO 2.`,
          );
    },
  ),
  defineRule(
    {
      id: 'downgrade.offset-set',
      severity: 'warning',
      target: 'parameter',
      section: '§9',
      source: 'implied',
      title: 'An enabled downgrade input has a current offset',
    },
    (index, report) =>
      eachMaster(index, (m) => {
        if (downgradeEnabled(m) && isZero(m.cfg.externalInput1CurrentOffset))
          report(
            paramTarget(m, 'externalInput1CurrentOffset'),
            `The downgrade input of ${ecuLabel(m)} is enabled with no current offset, so the 230 V signal changes nothing. Set 'External Input 1 Current Offset (L1/L2/L3) [A]' to the reduction, e.g. -16.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'downgrade.offset-sign',
      severity: 'warning',
      target: 'parameter',
      section: '§9',
      source: 'stated',
      title: 'The downgrade offset is negative (firmware: only negative values are supported)',
    },
    (index, report) =>
      eachMaster(index, (m) => {
        const offset = m.cfg.externalInput1CurrentOffset;
        if (downgradeEnabled(m) && offset && PHASES.some((p) => offset[p] > 0))
          report(
            paramTarget(m, 'externalInput1CurrentOffset'),
            `The downgrade offset ${formatTriplet(offset)} of ${ecuLabel(m)} is positive. The firmware adds the offset to the EVSE Sub-Distribution Limit and supports only negative values; the manual's table means 'reduce by 16 A'. Enter the reduction as a negative value, e.g. -16.`,
          );
      }),
  ),
  defineRule(
    {
      id: 'downgrade.offset-stops-charging',
      severity: 'warning',
      target: 'parameter',
      section: '§9',
      source: 'implied',
      title: 'The downgraded limit still lets EVs charge',
    },
    (index, report) =>
      eachMaster(index, (m) => {
        const offset = m.cfg.externalInput1CurrentOffset;
        const sub = m.cfg.evseSubDistributionLimit;
        if (!downgradeEnabled(m) || !offset || !sub) return;
        if (PHASES.some((p) => sub[p] - Math.abs(offset[p]) < MIN_CHARGING_CURRENT_A))
          report(
            paramTarget(m, 'externalInput1CurrentOffset'),
            `With the downgrade active, ${ecuLabel(m)} keeps less than ${MIN_CHARGING_CURRENT_A} A of its EVSE Sub-Distribution Limit ${formatTriplet(sub)} on some phase (offset ${formatTriplet(offset)}), so charging stops. Use a smaller offset if the downgrade should only reduce power.`,
          );
      }),
  ),
];

export const limitRules: AuditRule[] = [...imbalanceRules, ...downgradeRules];
