import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { siteTopic, TopicChannel } from '@ampfleet/domain';
import type { Logger } from '@ampfleet/runtime/log';
import mqtt, { type MqttClient } from 'mqtt';
import type { EdgeConfig } from '../config';
import { readTlsCredentials, sameCredentials, type TlsCredentials } from './tls-files';

// MQTT link to AWS IoT Core (mTLS) or, locally, to the broker standing in for it (plain, loopback).
// QoS 1 for every message; the journal's forwarder decides what to send and when (forwarder.ts).
export interface Uplink {
  /** Publishes one telemetry payload (JSON) at QoS 1; resolves on the broker's PUBACK. */
  publish(payload: string): Promise<void>;
  readonly connected: boolean;
  /** Called with true on every (re)connect and false on every dropped connection. */
  onConnectionChange(listener: (connected: boolean) => void): void;
  close(): Promise<void>;
}

/** Certificate rotation on the same link. */
export interface CredentialReload {
  /**
   * Rereads `mqtt.tls` (certificate rotation) and, when it changed, reconnects with it; un-acked
   * messages stay in the journal and are sent on the new connection. 'failed': the old pair is kept.
   */
  reloadCredentials(): Promise<'reloaded' | 'unchanged' | 'failed' | 'no tls'>;
}

/** How often the certificate files are checked for a change (a SIGHUP reloads at once). */
const TLS_WATCH_INTERVAL_MS = 10_000;

/** The cloud → edge direction of the same MQTT connection. */
export interface CommandLink {
  /**
   * Subscribes to the site's commands topic at QoS 1. The PUBACK goes out only after `onCommand`
   * resolves (the command is on disk), so a crash before that means the broker redelivers it.
   */
  subscribeCommands(onCommand: (payload: string) => Promise<void>): void;
}

export function connectUplink(config: EdgeConfig, log: Logger): Uplink & CommandLink & CredentialReload {
  const tls = config.mqtt.tls;
  let credentials: TlsCredentials | undefined = tls && {
    cert: readFileSync(tls.certFile),
    key: readFileSync(tls.keyFile),
    ca: readFileSync(tls.caFile),
  };
  const client: MqttClient = mqtt.connect(config.mqtt.url, {
    clientId: config.mqtt.clientId ?? config.siteId,
    clean: false,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    // mqtt-packet's default pre-builds a Buffer for each of the 65,536 packet ids: ~6 MB of heap on
    // a small site box, for a few µs per publish. Build them as needed instead.
    writeCache: false,
    ...(credentials && { ...credentials, rejectUnauthorized: true }),
  });
  let reloading: Promise<'reloaded' | 'unchanged' | 'failed' | 'no tls'> | undefined;
  const reload = async (): Promise<'reloaded' | 'unchanged' | 'failed' | 'no tls'> => {
    if (!tls || !credentials) return 'no tls';
    let next: TlsCredentials;
    try {
      next = await readTlsCredentials(tls);
    } catch (err) {
      log.error('uplink certificate not reloaded; keeping the current one', {
        error: (err as Error).message,
      });
      return 'failed';
    }
    if (sameCredentials(next, credentials)) return 'unchanged';
    credentials = next;
    // mqtt.js builds each (re)connection's TLS socket from client.options: the next one uses the new
    // pair. Dropping the current socket makes that happen now; QoS 1 messages not yet PUBACKed are
    // re-sent from the journal on the new connection (forwarder.ts), so nothing is lost.
    Object.assign(client.options, next);
    log.info('uplink certificate reloaded; reconnecting', { certFile: tls.certFile });
    client.stream?.destroy();
    return 'reloaded';
  };
  const reloadCredentials = () => (reloading ??= reload().finally(() => (reloading = undefined)));
  if (tls)
    for (const file of [tls.certFile, tls.keyFile, tls.caFile])
      watchFile(file, { interval: TLS_WATCH_INTERVAL_MS, persistent: false }, (now, before) => {
        if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) void reloadCredentials();
      });
  // A broker that closes the connection before accepting it (AWS IoT does so for an unknown, inactive
  // or wrongly signed client certificate, or a policy that denies the client id) says nothing more:
  // log that once per outage, so an installer can tell it from a network outage.
  let accepted = false;
  let refusalLogged = false;
  client.on('connect', () => {
    accepted = true;
    refusalLogged = false;
    log.info('uplink connected', { url: config.mqtt.url });
  });
  client.on('close', () => {
    if (!accepted && !refusalLogged) {
      refusalLogged = true;
      log.error('uplink refused: the broker closed the connection before accepting it', {
        url: config.mqtt.url,
        ...(tls && {
          check: 'client certificate (registered, active, signed by the CA the broker trusts) and IoT policy',
        }),
      });
    }
    accepted = false;
  });
  client.on('offline', () => log.warn('uplink offline; the journal keeps messages until it is back'));
  client.on('error', (err) => log.warn('uplink error', { error: err.message }));
  const topic = siteTopic(config.orgId, config.siteId, TopicChannel.telemetry);
  return {
    async publish(payload) {
      await client.publishAsync(topic, payload, { qos: 1 });
    },
    get connected() {
      return client.connected;
    },
    onConnectionChange(listener) {
      client.on('connect', () => listener(true));
      client.on('close', () => listener(false));
    },
    subscribeCommands(onCommand) {
      const commands = siteTopic(config.orgId, config.siteId, TopicChannel.commands);
      client.handleMessage = (packet, done) => {
        if (packet.topic !== commands) return done();
        onCommand(packet.payload.toString()).then(
          () => done(),
          (err: Error) => {
            log.error('command not stored; the broker will redeliver it', { error: err.message });
          },
        );
      };
      // mqtt.js re-subscribes on reconnect; the persistent session (clean: false) queues commands meanwhile.
      client.subscribe(commands, { qos: 1 }, (err) => {
        if (err) log.error('commands subscription failed', { topic: commands, error: err.message });
      });
    },
    reloadCredentials,
    async close() {
      if (tls) for (const file of [tls.certFile, tls.keyFile, tls.caFile]) unwatchFile(file);
      // Forced: un-acked messages stay in the journal and are sent after the next start.
      await client.endAsync(true);
    },
  };
}
