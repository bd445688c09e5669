// Calls the central system makes on the simulated ECU, with the replies a charge point gives.
import type { ChargingProfiles, EcuConfiguration } from './ecu-config';
import type { OcppClient, OcppParams } from './ocpp-client';

export interface EcuCallTarget {
  readonly config: EcuConfiguration;
  readonly profiles: ChargingProfiles;
  readonly hasTransaction: boolean;
  /** A configuration key changed (timers or limits may need to follow). */
  onConfigurationChanged(key: string): void;
  /** Charging profiles changed: the offered current may change. */
  onLimitsChanged(): void;
  /** After the Reset reply has gone out. */
  reset(type: 'Soft' | 'Hard'): void;
}

export function registerEcuHandlers(client: OcppClient, t: EcuCallTarget): void {
  client.handle('GetConfiguration', (params) => {
    const keys = Array.isArray(params.key)
      ? params.key.filter((k): k is string => typeof k === 'string')
      : undefined;
    return Promise.resolve(t.config.get(keys));
  });
  client.handle('ChangeConfiguration', (params) => {
    const key = String(params.key);
    const status = t.config.change(key, String(params.value));
    if (status === 'Accepted') t.onConfigurationChanged(key);
    return Promise.resolve({ status });
  });
  client.handle('SetChargingProfile', (params) => {
    const status = t.profiles.set(params, t.hasTransaction);
    if (status === 'Accepted') t.onLimitsChanged();
    return Promise.resolve({ status });
  });
  client.handle('ClearChargingProfile', (params) => {
    const status = t.profiles.clear(params);
    if (status === 'Accepted') t.onLimitsChanged();
    return Promise.resolve({ status });
  });
  client.handle('Reset', (params: OcppParams) => {
    const type = params.type === 'Hard' ? 'Hard' : 'Soft';
    // Reply first, then reboot (OCPP 1.6 §5.14).
    setTimeout(() => t.reset(type), 50);
    return Promise.resolve({ status: 'Accepted' });
  });
}
