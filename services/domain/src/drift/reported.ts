import { firmwareVersionOf } from '../config/firmware';
import type { ReportedConfigSnapshot } from '../contracts/reported-config';
import type { EcuReport } from './rollup';

// A 'reportedConfig' snapshot (or the stored record, which carries the same fields) → the reported
// configuration the drift compares (diffConfig, siteDrift): catalog keys to the values as the ECU wrote
// them; diffConfig reads them in any firmware's spelling. Parameters without a value (not set,
// write-only, redacted) are left out, so a secret is 'unverifiable', never drift. Keys outside the catalog
// (`otherKeys`) are not configuration the drift knows: they stay in the snapshot, not here.

export function reportedConfigOf(
  snapshot: Pick<ReportedConfigSnapshot, 'parameters' | 'firmwareVersion' | 'catalogVersion'>,
): EcuReport {
  const config: Record<string, string> = {};
  for (const { param, value } of snapshot.parameters) if (value !== undefined) config[param] = value;
  return { ...firmwareOf(snapshot), config };
}

/** The drift reads application versions ('4.52-5412-d6a2288f6'); a build suffix it cannot read
 * ('4.61-sim') falls back to the catalog version the agent matched. */
function firmwareOf(s: Pick<ReportedConfigSnapshot, 'firmwareVersion' | 'catalogVersion'>): {
  firmware?: string;
} {
  if (s.firmwareVersion !== undefined && firmwareVersionOf(s.firmwareVersion) !== undefined)
    return { firmware: s.firmwareVersion };
  const firmware = s.catalogVersion ?? s.firmwareVersion;
  return firmware === undefined ? {} : { firmware };
}
