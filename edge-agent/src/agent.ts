import type { Logger } from '@ampfleet/adapters/log';
import type { EdgeConfig } from './config';
import { startCentralSystem, type CentralSystem } from './ocpp/central-system';
import { connectUplink, type Uplink } from './mqtt/uplink';

// Composition root of one site's edge agent: OCPP endpoint → uplink.
export interface EdgeAgent {
  readonly ocpp: CentralSystem;
  readonly uplink: Uplink;
  stop(): Promise<void>;
}

export async function startEdgeAgent(config: EdgeConfig, log: Logger): Promise<EdgeAgent> {
  const uplink = connectUplink(config, log);
  const ocpp = await startCentralSystem(
    config,
    (message) => {
      uplink
        .publishTelemetry(message)
        .catch((err: Error) =>
          log.warn('telemetry publish failed', { messageId: message.messageId, error: err.message }),
        );
    },
    log,
  );
  return {
    ocpp,
    uplink,
    async stop() {
      await ocpp.close();
      await uplink.close();
    },
  };
}
