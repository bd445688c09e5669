// The simulated ECU's catalog parameters as OCPP configuration keys: every parameter its firmware has,
// under that firmware's key (the domain's mapping, config/ocpp-keys.ts), with the readonly flag, the
// configured value (absent when not configured; never for a secret) and ChangeConfiguration as the
// domain plans it (OCPP 1.6 §5.3): RebootRequired for 'Save & Restart', Rejected for read-only or an
// invalid value; a key the firmware lacks is not served, so it is NotSupported.
import {
  bootFirmwareVersion,
  ECU_PARAM_KEYS,
  paramOfOcppKey,
  paramSpec,
  planConfigurationChange,
  renderOcppConfiguration,
  type EcuConfig,
  type FirmwareVersion,
} from '@ampfleet/domain';
import type { ConfigEntry } from './ecu-config';

/** The catalog's defaults: what an ECU fresh from the factory holds (parameters with a default). */
export function catalogDefaults(): EcuConfig {
  const config: Record<string, unknown> = {};
  for (const param of ECU_PARAM_KEYS) {
    const value = paramSpec(param).default;
    if (value !== undefined) config[param] = value;
  }
  return config;
}

export function catalogConfigEntries(
  firmwareVersion: string,
  config: EcuConfig = catalogDefaults(),
): { version?: FirmwareVersion; entries: Record<string, ConfigEntry> } {
  const version = bootFirmwareVersion(firmwareVersion);
  // A firmware the catalog does not know serves none of its parameters.
  if (!version) return { entries: {} };
  const entries: Record<string, ConfigEntry> = {};
  for (const { key, readonly, value } of renderOcppConfiguration(config, version)) {
    const planned = (v: string) => planConfigurationChange(key, v, version);
    const param = paramOfOcppKey(key, version);
    const spec = param === undefined ? undefined : paramSpec(param);
    entries[key] = {
      value,
      readonly,
      validate: (v) => planned(v).status !== 'Rejected',
      // Stored as the firmware shows it; a secret is stored as sent (and never shown).
      normalise: (v) => {
        const change = planned(v);
        return 'rendered' in change && change.rendered !== undefined ? change.rendered : v;
      },
      rebootRequired: spec?.apply === 'saveAndRestart',
      writeOnly: spec?.secret === true,
    };
  }
  return { version, entries };
}
