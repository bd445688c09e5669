import type { AuditRule } from './rule';
import { defineRule } from './rule';
import type { EcuEntry } from './site-index';
import { ecuLabel, ecuTarget, stationTarget } from './site-index';

// Station layout and commissioning data (§1, §2.1, §2.2).

function duplicates(ecus: readonly EcuEntry[], keyOf: (e: EcuEntry) => string | undefined): EcuEntry[] {
  const seen = new Set<string>();
  const dup: EcuEntry[] = [];
  for (const e of ecus) {
    const key = keyOf(e);
    if (key === undefined || key === '') continue;
    if (seen.has(key)) dup.push(e);
    else seen.add(key);
  }
  return dup;
}

export const stationRules: AuditRule[] = [
  defineRule(
    {
      id: 'station.ecu-layout',
      severity: 'error',
      target: 'station',
      section: '§1',
      source: 'stated',
      title: 'AMTRON has one ECU; AMEDIO has a master and a satellite ECU',
    },
    (index, report) => {
      for (const s of index.stations) {
        const ecus = s.station.ecus;
        const layoutOk =
          s.hw.family === 'AMEDIO'
            ? ecus.length === 2 &&
              ecus.some((e) => e.position === 'master') &&
              ecus.some((e) => e.position === 'satellite')
            : ecus.length === 1 && ecus[0]?.position === 'single';
        if (layoutOk) continue;
        const positions = ecus.map((e) => e.position).join('+');
        const expected = s.hw.family === 'AMEDIO' ? 'master+satellite' : 'single';
        if (positions !== expected)
          report(
            stationTarget(s.station),
            `${s.station.model} ${s.station.id} has ECUs '${positions}'; an ${s.hw.family} has ${expected === 'single' ? 'one ECU (position single)' : 'a master (left, port 81) and a satellite (right, port 82) ECU'}. Correct the station's ECU list.`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'station.amedio-same-firmware',
      severity: 'warning',
      target: 'station',
      section: '§2.1',
      source: 'implied',
      title: 'Both ECUs of an AMEDIO run the same firmware',
    },
    (index, report) => {
      for (const s of index.stations) {
        if (s.hw.family !== 'AMEDIO') continue;
        const versions = new Set(s.ecus.map((e) => e.ecu.firmware.trim()));
        if (versions.size > 1)
          report(
            stationTarget(s.station),
            `AMEDIO ${s.station.id} runs different firmware on master and satellite (${[...versions].join(', ')}). Update both ECUs to the same application version.`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'station.unique-charge-point-id',
      severity: 'error',
      target: 'ecu',
      section: '§5.2',
      source: 'implied',
      title: 'Charge point ids are unique in the site (the backend appends them to the URL)',
    },
    (index, report) => {
      for (const e of duplicates(index.ecus, (x) => x.ecu.chargePointId))
        report(
          ecuTarget(e),
          `Charge point id ${e.ecu.chargePointId} is used twice in the site; the backend tells charge points apart by it. Give ${ecuLabel(e)} its own id.`,
        );
    },
  ),
  defineRule(
    {
      id: 'station.unique-controller-serial',
      severity: 'error',
      target: 'ecu',
      section: '§2.1',
      source: 'implied',
      title: 'Controller serial numbers are unique',
    },
    (index, report) => {
      for (const e of duplicates(index.ecus, (x) => x.ecu.controllerSerial?.trim()))
        report(
          ecuTarget(e),
          `Controller serial ${e.ecu.controllerSerial ?? ''} of ${ecuLabel(e)} is recorded for another ECU too. Copy the serials from the commissioning data sheet again.`,
        );
    },
  ),
];
