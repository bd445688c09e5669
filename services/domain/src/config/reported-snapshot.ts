import { bootFirmwareVersion } from '../commands/operator-limit';
import {
  MAX_OTHER_OCPP_KEYS,
  type ConfigReadTrigger,
  type ReportedConfigSnapshot,
  type ReportedOcppKey,
  type ReportedParameter,
} from '../contracts/reported-config';
import { paramSpec } from './catalog';
import { paramOfOcppKey } from './ocpp-configuration';
import { WRITE_ONLY_OCPP_KEYS } from './ocpp-keys';

// A GetConfiguration.conf (all keys) → the 'reportedConfig' snapshot: each key the mapping knows becomes
// a catalog parameter (this firmware's key names first, any firmware's after), every other key is kept
// raw. A secret's value is never copied (the catalog's secrets, OCPP's write-only AuthorizationKey).

/** GetConfiguration.conf's configurationKey entries, as the ECU sent them. */
export interface OcppConfigurationEntry {
  key: string;
  readonly?: boolean;
  value?: string;
}

export interface ConfigurationRead {
  entries: readonly OcppConfigurationEntry[];
  /** From the ECU's BootNotification (e.g. '4.61-5412-d6a2288f6'), if known. */
  firmwareVersion?: string | undefined;
  trigger: ConfigReadTrigger;
  sequence: number;
}

const writeOnly = new Set(WRITE_ONLY_OCPP_KEYS.map((k) => k.toLowerCase()));

export function snapshotOfConfiguration(read: ConfigurationRead): ReportedConfigSnapshot {
  const version = bootFirmwareVersion(read.firmwareVersion);
  const parameters: ReportedParameter[] = [];
  const otherKeys: ReportedOcppKey[] = [];
  let omitted = 0;
  for (const entry of read.entries) {
    const param = paramOfOcppKey(entry.key, version);
    const secret = param ? paramSpec(param).secret === true : writeOnly.has(entry.key.toLowerCase());
    const kept = {
      key: entry.key,
      readonly: entry.readonly ?? false,
      ...(entry.value !== undefined && !secret && { value: entry.value }),
      ...(entry.value !== undefined && entry.value !== '' && secret && { redacted: true as const }),
    };
    if (param) parameters.push({ param, ...kept });
    else if (otherKeys.length < MAX_OTHER_OCPP_KEYS) otherKeys.push(kept);
    else omitted += 1;
  }
  return {
    ...(read.firmwareVersion !== undefined && { firmwareVersion: read.firmwareVersion.slice(0, 50) }),
    ...(version !== undefined && { catalogVersion: version }),
    sequence: read.sequence,
    trigger: read.trigger,
    parameters,
    otherKeys,
    ...(omitted > 0 && { otherKeysOmitted: omitted }),
  };
}
