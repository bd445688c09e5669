import { iotCommandPublisher } from '@ampfleet/adapters/iot';
import { mqttCommandPublisher, type CommandPublisher } from '@ampfleet/adapters/mqtt';
import { serverEnv } from './env';

// One command publisher per server process: in AWS an IoT data-plane Publish (AMPFLEET_IOT_DATA_ENDPOINT),
// locally MQTT to the local stack's broker (AMPFLEET_MQTT_URL).
let publisher: CommandPublisher | undefined;

export class CommandPathUnavailableError extends Error {
  override readonly name = 'CommandPathUnavailableError';
}

export function commandPublisher(): CommandPublisher {
  if (!publisher) {
    const env = serverEnv();
    if (env.AMPFLEET_IOT_DATA_ENDPOINT && env.AWS_REGION)
      publisher = iotCommandPublisher({ endpoint: env.AMPFLEET_IOT_DATA_ENDPOINT, region: env.AWS_REGION });
    else if (env.AMPFLEET_MQTT_URL) publisher = mqttCommandPublisher(env.AMPFLEET_MQTT_URL);
    else
      throw new CommandPathUnavailableError(
        'no command path: set AMPFLEET_IOT_DATA_ENDPOINT and AWS_REGION (AWS) or AMPFLEET_MQTT_URL (local)',
      );
  }
  return publisher;
}
