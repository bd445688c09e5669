import { mqttCommandPublisher, type CommandPublisher } from '@ampfleet/adapters/mqtt';
import { serverEnv } from './env';

// One command publisher per server process: MQTT to the local stack's broker. (In AWS this port is an
// IoT data-plane Publish — not wired: @aws-sdk/client-iot-data-plane is not a dependency yet.)
let publisher: CommandPublisher | undefined;

export class CommandPathUnavailableError extends Error {
  override readonly name = 'CommandPathUnavailableError';
}

export function commandPublisher(): CommandPublisher {
  if (!publisher) {
    const url = serverEnv().AMPFLEET_MQTT_URL;
    if (!url) throw new CommandPathUnavailableError('no command path: AMPFLEET_MQTT_URL is not set');
    publisher = mqttCommandPublisher(url);
  }
  return publisher;
}
