import { nextRotation } from '../config/builders';
import type { AuditRule } from './rule';
import { defineRule } from './rule';
import { ecuLabel, paramTarget, stationTarget } from './site-index';
import { firstGridPhase, PHASES, zeroTriplet } from './values';

// §3 Power supply connection: the phase settings must describe the wiring, and stations on one supply
// should spread their load (§3.2 phase reversal).

const rotationLabel = { RST: 'R/S/T (L1/L2/L3)', STR: 'S/T/R (L2/L3/L1)', TRS: 'T/R/S (L3/L1/L2)' } as const;

export const phaseRules: AuditRule[] = [
  defineRule(
    {
      id: 'phases.connection-matches-wiring',
      severity: 'error',
      target: 'parameter',
      section: '§3.1, §3.3',
      source: 'stated',
      title: "'Phase connected to the Charge Point' matches the wiring",
    },
    (index, report) => {
      for (const e of index.ecus) {
        const expected = e.ecu.wiring.phases === 'single' ? 'singlePhase' : 'threePhase';
        if ((e.cfg.phaseConnection ?? 'threePhase') !== expected)
          report(
            paramTarget(e, 'phaseConnection'),
            `${ecuLabel(e)} is wired ${e.ecu.wiring.phases}-phase but configured otherwise, so DLM works with the wrong phases. Set 'Phase connected to the Charge Point' = ${expected === 'singlePhase' ? 'Single' : 'Three'}-phase system.`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'phases.rotation-matches-wiring',
      severity: 'error',
      target: 'parameter',
      section: '§3.2',
      source: 'stated',
      title: "'Phase rotation of the Charge Point' matches the wiring",
    },
    (index, report) => {
      for (const e of index.ecus) {
        const configured = e.cfg.phaseRotation ?? 'RST';
        if (configured !== e.ecu.wiring.rotation)
          report(
            paramTarget(e, 'phaseRotation'),
            `${ecuLabel(e)} is wired ${rotationLabel[e.ecu.wiring.rotation]} but configured ${rotationLabel[configured]}; load management may overload a phase. Set 'Phase rotation of the Charge Point' = ${rotationLabel[e.ecu.wiring.rotation]}.`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'phases.amedio-single-phase-both',
      severity: 'error',
      target: 'station',
      section: '§3.3',
      source: 'stated',
      title: 'A single-phase AMEDIO has both ECUs single-phase',
    },
    (index, report) => {
      for (const s of index.stations) {
        if (s.hw.family !== 'AMEDIO') continue;
        const first = s.ecus[0]?.cfg.phaseConnection ?? 'threePhase';
        if (s.ecus.some((e) => (e.cfg.phaseConnection ?? 'threePhase') !== first))
          report(
            stationTarget(s.station),
            `AMEDIO ${s.station.id} has one ECU single-phase and one three-phase. Single-phase operation changes the whole station (relay, jumpers): set 'Single-phase system' in both the master and the satellite web interface, or neither.`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'phases.amedio-single-phase-rst',
      severity: 'error',
      target: 'parameter',
      section: '§3.3',
      source: 'stated',
      title: 'A single-phase AMEDIO uses R/S/T on both ECUs',
    },
    (index, report) => {
      for (const e of index.ecus)
        if (
          e.hw.family === 'AMEDIO' &&
          e.cfg.phaseConnection === 'singlePhase' &&
          (e.cfg.phaseRotation ?? 'RST') !== 'RST'
        )
          report(
            paramTarget(e, 'phaseRotation'),
            `${ecuLabel(e)} is single-phase with rotation ${rotationLabel[e.cfg.phaseRotation ?? 'RST']}. A single-phase AMEDIO uses R/S/T (L1/L2/L3) on both ECUs.`,
          );
    },
  ),
  defineRule(
    {
      id: 'phases.amedio-internal-shift',
      severity: 'warning',
      target: 'station',
      section: '§3.1',
      source: 'stated',
      title: "A three-phase AMEDIO's right-hand socket is shifted by 120°",
    },
    (index, report) => {
      for (const s of index.stations) {
        const [master, satellite] = [
          s.ecus.find((e) => e.ecu.position === 'master'),
          s.ecus.find((e) => e.ecu.position === 'satellite'),
        ];
        if (
          !master ||
          !satellite ||
          master.ecu.wiring.phases !== 'three' ||
          satellite.ecu.wiring.phases !== 'three'
        )
          continue;
        if (satellite.ecu.wiring.rotation !== nextRotation(master.ecu.wiring.rotation))
          report(
            stationTarget(s.station),
            `AMEDIO ${s.station.id}: the satellite is recorded as ${rotationLabel[satellite.ecu.wiring.rotation]}, but its socket is internally shifted 120° from the master (${rotationLabel[master.ecu.wiring.rotation]}), so it must be ${rotationLabel[nextRotation(master.ecu.wiring.rotation)]}. Check the recorded wiring.`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'phases.balanced-supply',
      severity: 'warning',
      target: 'site',
      section: '§3.2',
      source: 'stated',
      title: 'Charge points on one supply line spread over the phases (recommended plan)',
    },
    (index, report) => {
      for (const [lineId, ecus] of index.ecusBySupplyLine) {
        const counts = zeroTriplet();
        for (const e of ecus) counts[firstGridPhase(e.ecu.wiring.rotation)] += 1;
        const values = PHASES.map((p) => counts[p]);
        if (Math.max(...values) - Math.min(...values) > 1)
          report(
            { kind: 'site', supplyLineId: lineId },
            `On supply line ${lineId} the charge points' first phase (where single-phase EVs charge) is L1 ×${counts.l1}, L2 ×${counts.l2}, L3 ×${counts.l3}. Connect the stations with phase reversal as in the recommended plan (§3.2, planPhaseRotation) and set the rotations to match.`,
          );
      }
    },
  ),
];
