import { IoTDataPlaneClient, PublishCommand } from '@aws-sdk/client-iot-data-plane';
import { siteTopic, TopicChannel } from '@ampfleet/domain';
import { CommandPublishError, type CommandPublisher } from '../mqtt/command-publisher';

// The command port in AWS: an IoT data-plane Publish (HTTPS, SigV4) to the site's commands topic at
// QoS 1 — the same topic the local stack's MQTT adapter publishes to. The agent's IoT policy lets it
// subscribe to its own site's topic only (infra/lib/iot.ts).

export interface IotCommandPublisherOptions {
  /** The account's IoT data endpoint, `https://<prefix>-ats.iot.<region>.amazonaws.com`. */
  readonly endpoint: string;
  readonly region: string;
  /** Tests only: a client with its own endpoint and credentials. */
  readonly client?: IoTDataPlaneClient;
}

export function iotCommandPublisher(options: IotCommandPublisherOptions): CommandPublisher {
  const client =
    options.client ?? new IoTDataPlaneClient({ endpoint: options.endpoint, region: options.region });
  return {
    async publish(orgId, siteId, command) {
      try {
        await client.send(
          new PublishCommand({
            topic: siteTopic(orgId, siteId, TopicChannel.commands),
            qos: 1,
            contentType: 'application/json',
            payload: new TextEncoder().encode(JSON.stringify(command)),
          }),
        );
      } catch (cause) {
        throw new CommandPublishError(`command not published: ${(cause as Error).message}`, { cause });
      }
    },
    async close() {
      client.destroy();
    },
  };
}
