import { paramSpec, versionGaps } from '../config/catalog';
import type { AuditRule } from './rule';
import { defineRule } from './rule';
import { ecuLabel, ecuTarget, paramTarget } from './site-index';

// Firmware-aware parameter rules (renames and availability per version) and where parameters are set.

export const paramRules: AuditRule[] = [
  defineRule(
    {
      id: 'param.firmware-readable',
      severity: 'error',
      target: 'ecu',
      section: '§1, §2.1',
      source: 'implied',
      title: 'The ECU firmware version is readable and 4.50 or newer',
    },
    (index, report) => {
      for (const e of index.ecus)
        if (e.firmware === undefined)
          report(
            ecuTarget(e),
            `Firmware '${e.ecu.firmware}' of ${ecuLabel(e)} is not an ECU application version 4.50 or newer (like '4.52-5412-d6a2288f6'). Copy the 'Application Version' from the commissioning data sheet or the web interface.`,
          );
    },
  ),
  defineRule(
    {
      id: 'param.firmware-known',
      severity: 'info',
      target: 'ecu',
      section: '§1',
      source: 'added',
      title: 'The firmware is one the catalog knows (4.50, 4.52, 4.53, 4.61)',
    },
    (index, report) => {
      for (const e of index.ecus) {
        const parsed = e.parsedFirmware;
        if (parsed?.catalogVersion && !parsed.known)
          report(
            ecuTarget(e),
            `Firmware ${e.ecu.firmware} of ${ecuLabel(e)} is not in the catalog; it is audited as ${parsed.catalogVersion}. Check the parameter names against its release notes.`,
          );
      }
    },
  ),
  defineRule(
    {
      id: 'param.not-in-firmware',
      severity: 'error',
      target: 'parameter',
      section: '§4.1, §6, §7.4.1',
      source: 'stated',
      title: 'No parameter set that the firmware version does not have',
    },
    (index, report) => {
      for (const e of index.ecus) {
        const version = e.firmware;
        if (!version) continue;
        for (const key of versionGaps(version).params)
          if (e.cfg[key] !== undefined)
            report(
              paramTarget(e, key),
              `${ecuLabel(e)} runs ${version}, which has no '${paramSpec(key).names['4.61'] ?? key}' (available from ${Object.keys(paramSpec(key).names)[0] ?? 'a later version'}). Remove the setting or update the firmware.`,
            );
      }
    },
  ),
  defineRule(
    {
      id: 'param.option-not-in-firmware',
      severity: 'error',
      target: 'parameter',
      section: '§4.1',
      source: 'stated',
      title: 'No option chosen that the firmware version does not offer',
    },
    (index, report) => {
      for (const e of index.ecus) {
        const version = e.firmware;
        if (!version) continue;
        for (const gap of versionGaps(version).options)
          if (e.cfg[gap.key] === gap.value)
            report(
              paramTarget(e, gap.key),
              `${ecuLabel(e)} runs ${version}, whose '${paramSpec(gap.key).names[version] ?? gap.key}' has no option '${gap.label}'. Choose another option or update the firmware.`,
            );
      }
    },
  ),
  defineRule(
    {
      id: 'param.dlm-master-only',
      severity: 'info',
      target: 'parameter',
      section: '§7.1, §8, §9',
      source: 'stated',
      title: 'DLM-master parameters are set on the DLM master only',
    },
    (index, report) => {
      for (const e of index.ecus) {
        if (e.dlmRole === 'master') continue;
        for (const key of e.setKeys)
          if (paramSpec(key).scope === 'dlmMaster' && isActiveSetting(e.cfg[key]))
            report(
              paramTarget(e, key),
              `'${paramSpec(key).names['4.61'] ?? key}' is set on ${ecuLabel(e)}, which is not a DLM master; it has no effect there. Set it on the DLM master and clear it here.`,
            );
      }
    },
  ),
  defineRule(
    {
      id: 'param.satellite-station-setting',
      severity: 'info',
      target: 'parameter',
      section: '§2.1, §2.3',
      source: 'stated',
      title: 'Station settings of an AMEDIO are made on the master ECU',
    },
    (index, report) => {
      for (const e of index.ecus) {
        if (e.ecu.position !== 'satellite') continue;
        for (const key of e.setKeys)
          if (paramSpec(key).scope === 'station')
            report(
              paramTarget(e, key),
              `'${paramSpec(key).names['4.61'] ?? key}' is set on the AMEDIO satellite ${e.ecu.chargePointId}; the station shares one IP and backend link and the satellite adopts the master's settings. Configure it on the master ECU.`,
            );
      }
    },
  ),
];

/** Disabled/zero/Off values on a non-master are the delivery state, not a misplaced setting. */
function isActiveSetting(value: unknown): boolean {
  if (value === false || value === 'disable' || value === 'none' || value === 0) return false;
  if (typeof value === 'object' && value !== null) return Object.values(value).some((v) => v !== 0);
  return true;
}
