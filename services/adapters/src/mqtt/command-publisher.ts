import { siteTopic, TopicChannel, type Command } from '@ampfleet/domain';
import mqtt, { type MqttClient } from 'mqtt';

// The port the console sends commands through, and its MQTT adapter (the local stack's broker).
// In AWS the same port is an IoT data-plane Publish to the same topic (../iot/command-publisher.ts).

export interface CommandPublisher {
  /** Publishes at QoS 1 to ampfleet/v1/<org>/<site>/commands; resolves on the broker's PUBACK. */
  publish(orgId: string, siteId: string, command: Command): Promise<void>;
  close(): Promise<void>;
}

export class CommandPublishError extends Error {
  override readonly name = 'CommandPublishError';
}

/** Connects on first use; one connection per process. */
export function mqttCommandPublisher(
  url: string,
  clientId = `ampfleet-console-${process.pid}`,
): CommandPublisher {
  let client: Promise<MqttClient> | undefined;
  const connected = (): Promise<MqttClient> => {
    client ??= mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 1000, connectTimeout: 5000 });
    return client;
  };
  return {
    async publish(orgId, siteId, command) {
      try {
        const c = await connected();
        await c.publishAsync(siteTopic(orgId, siteId, TopicChannel.commands), JSON.stringify(command), {
          qos: 1,
        });
      } catch (cause) {
        client = undefined;
        throw new CommandPublishError(`command not published: ${(cause as Error).message}`, { cause });
      }
    },
    async close() {
      const c = await client?.catch(() => undefined);
      await c?.endAsync();
    },
  };
}
