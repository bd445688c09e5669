import { randomUUID } from 'node:crypto';
import type { Logger } from '@ampfleet/runtime/log';
import { SiteMeterTelemetry, TELEMETRY_SCHEMA_VERSION, type TelemetryMessage } from '@ampfleet/domain';
import { startMeterReader, type MeterReader, type MeterReaderOptions } from '../modbus/meter-reader';
import type { MeterStatus } from '../modbus/reading';
import { EEM_MB37X_MAP, PAC2200_MAP } from '../modbus/register-maps';
import type { DlmMeterConfig } from './config';

// A DLM network's external meter (§7.4), polled over Modbus TCP; every reading becomes a 'siteMeter'
// message, filed under the network's master. A failure is reported at once as connected:false
// ("meter_disconnected", so the DLM state shows the fallback) — once per outage, not per retry —
// and the reader reconnects with exponential backoff (meter-reader.ts).

export type MessageSink = (message: TelemetryMessage) => Promise<void>;

const MAPS = { PAC2200: PAC2200_MAP, 'EEM-MB37x': EEM_MB37X_MAP } as const;

export interface SiteMeterOptions {
  readonly networkId: string;
  readonly masterChargePointId: string;
  readonly meter: DlmMeterConfig;
  readonly sink: MessageSink;
  readonly log: Logger;
  readonly backoff?: MeterReaderOptions['backoff'];
}

export function startSiteMeter(o: SiteMeterOptions): MeterReader {
  let wasConnected: boolean | undefined;
  const envelope = (at: Date) => ({
    v: TELEMETRY_SCHEMA_VERSION as 1,
    messageId: randomUUID(),
    chargePointId: o.masterChargePointId,
    observedAt: at.toISOString(),
    type: 'siteMeter' as const,
    networkId: o.networkId,
    model: o.meter.model,
  });
  const send = (message: TelemetryMessage): void => {
    o.sink(message).catch((err: Error) =>
      o.log.error('site meter reading not stored', { networkId: o.networkId, error: err.message }),
    );
  };
  const onStatus = (status: MeterStatus): void => {
    if (status.connected) {
      const message = SiteMeterTelemetry.safeParse({
        ...envelope(status.at),
        connected: true,
        currents: status.currents,
        voltages: status.voltages,
        activePowerW: status.activePowerW,
        energyImportWh: status.energyImportWh,
        ...(status.frequencyHz !== undefined && { frequencyHz: status.frequencyHz }),
      });
      if (!message.success) {
        onStatus({ connected: false, at: status.at, reason: 'invalid_value', detail: message.error.message });
        return;
      }
      if (wasConnected !== true) o.log.info('meter connected', { networkId: o.networkId });
      wasConnected = true;
      send(message.data);
      return;
    }
    if (wasConnected === false) return; // already reported; the reader keeps retrying with backoff
    wasConnected = false;
    o.log.warn('meter_disconnected', {
      networkId: o.networkId,
      reason: status.reason,
      detail: status.detail,
    });
    send({
      ...envelope(status.at),
      connected: false,
      fault: status.reason,
      detail: status.detail.slice(0, 300),
    });
  };
  return startMeterReader({
    host: o.meter.host,
    port: o.meter.port,
    unitId: o.meter.unitId,
    map: MAPS[o.meter.model],
    pollIntervalMs: o.meter.pollMs,
    timeoutMs: o.meter.timeoutMs,
    ...(o.backoff && { backoff: o.backoff }),
    onStatus,
  });
}
