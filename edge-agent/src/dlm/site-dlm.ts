import type { Logger } from '@ampfleet/adapters/log';
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
  journaled(message: TelemetryMessage): Promise<void>;
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
  let monitor: DlmMonitor | undefined;
  const journaled = async (message: TelemetryMessage): Promise<void> => {
    await deps.append(message);
    if (networks.length > 0) monitor?.observe(message);
  };
  monitor = startDlmMonitor({ networks, sink: journaled, log: deps.log, client: deps.client });
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
  const m = monitor;
  return {
    monitor: m,
    journaled,
    async stop() {
      m.stop();
      await Promise.all(meters.map((r) => r.stop()));
    },
  };
}
