import { readFileSync } from 'node:fs';
import { siteTopic, TopicChannel, type TelemetryMessage } from '@ampfleet/domain';
import type { Logger } from '@ampfleet/adapters/log';
import mqtt, { type MqttClient } from 'mqtt';
import type { EdgeConfig } from '../config';

// MQTT link to AWS IoT Core (mTLS) or, locally, to the broker standing in for it. QoS 1 for every message.
export interface Uplink {
  publishTelemetry(message: TelemetryMessage): Promise<void>;
  readonly connected: boolean;
  close(): Promise<void>;
}

export function connectUplink(config: EdgeConfig, log: Logger): Uplink {
  const tls = config.mqtt.tls;
  const client: MqttClient = mqtt.connect(config.mqtt.url, {
    clientId: config.mqtt.clientId ?? config.siteId,
    clean: false,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    ...(tls && {
      cert: readFileSync(tls.certFile),
      key: readFileSync(tls.keyFile),
      ca: readFileSync(tls.caFile),
      rejectUnauthorized: true,
    }),
  });
  client.on('connect', () => log.info('uplink connected', { url: config.mqtt.url }));
  client.on('offline', () => log.warn('uplink offline; publishing resumes on reconnect'));
  client.on('error', (err) => log.warn('uplink error', { error: err.message }));
  const topic = siteTopic(config.orgId, config.siteId, TopicChannel.telemetry);
  return {
    async publishTelemetry(message) {
      await client.publishAsync(topic, JSON.stringify(message), { qos: 1 });
    },
    get connected() {
      return client.connected;
    },
    async close() {
      await client.endAsync();
    },
  };
}
