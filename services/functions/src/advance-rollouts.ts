import { advanceActiveRollouts, type RolloutTick } from '@ampfleet/app';
import { iotCommandPublisher } from '@ampfleet/adapters/iot';
import { mqttCommandPublisher, type CommandPublisher } from '@ampfleet/adapters/mqtt';
import { handlerRuntime, type HandlerRuntime } from './runtime';

// Schedule (EventBridge, 1 min; locally the stack's timer) → the rollout runner's tick over every
// organisation's unfinished rollouts. Idempotent: a tick retried or overlapping another changes nothing twice.

let publisher: CommandPublisher | undefined;

/** The command path: IoT data-plane Publish in AWS (AMPFLEET_IOT_DATA_ENDPOINT), MQTT locally (AMPFLEET_MQTT_URL). */
function commandPublisher(): CommandPublisher {
  if (!publisher) {
    const endpoint = process.env.AMPFLEET_IOT_DATA_ENDPOINT;
    const region = process.env.AWS_REGION;
    const mqttUrl = process.env.AMPFLEET_MQTT_URL;
    if (endpoint && region) publisher = iotCommandPublisher({ endpoint, region });
    else if (mqttUrl) publisher = mqttCommandPublisher(mqttUrl);
    else
      throw new Error('no command path: set AMPFLEET_IOT_DATA_ENDPOINT and AWS_REGION, or AMPFLEET_MQTT_URL');
  }
  return publisher;
}

export async function advanceRollouts(
  rt: HandlerRuntime,
  commands: CommandPublisher,
): Promise<RolloutTick[]> {
  const ticks = await advanceActiveRollouts({
    store: { doc: rt.doc, table: rt.table },
    clock: { now: () => new Date(rt.nowMs()) },
    publisher: commands,
  });
  for (const tick of ticks)
    if (tick.error) rt.log.warn('rollout step failed; the next tick retries it', { ...tick });
  return ticks;
}

export const handler = (): Promise<RolloutTick[]> => advanceRollouts(handlerRuntime(), commandPublisher());
