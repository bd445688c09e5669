import type { Logger } from '@ampfleet/runtime/log';
import type { TelemetryMessage } from '@ampfleet/domain';
import type { EdgeConfig } from '../config';
import type { MeterReader } from '../modbus/meter-reader';
import type { ServerClient } from '../ocpp/rpc';
import { startDlmMonitor, type DlmMonitor } from './monitor';
import { startSiteMeter } from './site-meter';

// The site's DLM part of the agent: one meter reader per network with a meter, one monitor for all
// networks. Every message goes through the journal first; the monitor sees it once it is stored.

export interface SiteDlm {
  readonly monitor: DlmMonitor;
  /** The OCPP endpoint's sink: journal, then let the monitor see the message. */
  readonly journaled: (message: TelemetryMessage) => Promise<void>;
  stop(): Promise<void>;
}

export function startDlm(
  config: EdgeConfig,
  deps: {
    append: (message: TelemetryMessage) => Promise<unknown>;
    client: (chargePointId: string) => ServerClient | undefined;
    log: Logger;
    meterBackoff?: { readonly initialMs: number; readonly maxMs: number };
  },
): SiteDlm {
  const networks = config.dlm?.networks ?? [];
  const observers: DlmMonitor[] = [];
  const journaled = async (message: TelemetryMessage): Promise<void> => {
    await deps.append(message);
    for (const o of observers) o.observe(message);
  };
  const monitor = startDlmMonitor({ networks, sink: journaled, log: deps.log, client: deps.client });
  if (networks.length > 0) observers.push(monitor);
  const meters: MeterReader[] = networks.flatMap((net) =>
    net.meter
      ? [
          startSiteMeter({
            networkId: net.id,
            masterChargePointId: net.masterChargePointId,
            meter: net.meter,
            sink: journaled,
            log: deps.log,
            ...(deps.meterBackoff && { backoff: deps.meterBackoff }),
          }),
        ]
      : [],
  );
  return {
    monitor,
    journaled,
    async stop() {
      monitor.stop();
      await Promise.all(meters.map((r) => r.stop()));
    },
  };
}
