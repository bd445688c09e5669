import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@ampfleet/adapters';
import { TelemetryMessage } from '@ampfleet/domain';
import { hashPassword, parseEdgeConfig, startEdgeAgent, type EdgeAgent } from '@ampfleet/edge-agent';
import { createOcppClient } from '@ampfleet/edge-agent/sim';
import { freePort, startBroker, type Broker } from '@ampfleet/local';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/wait';

// The uplink as AWS IoT Core sees it: MQTT over TLS with an X.509 client certificate (mTLS). A real TLS
// broker on 127.0.0.1 (aedes behind node:tls, client certificate required), certificates made by
// openssl for this run: a CA, the broker's certificate for 127.0.0.1, the site's client certificate,
// and a certificate from another CA that the broker must refuse.

let dir: string;
let broker: Broker;
let observer: mqtt.MqttClient;
const received: TelemetryMessage[] = [];
const agents: EdgeAgent[] = [];

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** A CA, and certificates it signs (server for 127.0.0.1 or client). */
function makeCa(name: string): void {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
  );
}
function makeCert(ca: string, name: string, server: boolean): void {
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
  );
  const ext = path.join(dir, `${name}.ext`);
  execFileSync('sh', [
    '-c',
    `printf '%s\\n' '${server ? 'subjectAltName=IP:127.0.0.1' : 'extendedKeyUsage=clientAuth'}' > ${ext}`,
  ]);
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    ext,
    '-out',
    `${name}.crt`,
  );
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-mtls-'));
  makeCa('ca');
  makeCa('rogue-ca');
  makeCert('ca', 'broker', true);
  makeCert('ca', 'site', false);
  makeCert('rogue-ca', 'rogue', false);
  const pem = (name: string) => readFile(path.join(dir, name));
  broker = await startBroker(await freePort(), {
    tls: {
      key: await pem('broker.key'),
      cert: await pem('broker.crt'),
      ca: await pem('ca.crt'),
      requestCert: true,
      rejectUnauthorized: true,
    },
  });
  // The cloud side, also over mTLS (the site certificate, another client id).
  observer = await mqtt.connectAsync(broker.url, {
    clientId: 'mtls-observer',
    cert: await pem('site.crt'),
    key: await pem('site.key'),
    ca: await pem('ca.crt'),
  });
  await observer.subscribeAsync('ampfleet/v1/+/+/telemetry', { qos: 1 });
  observer.on('message', (_topic, payload) =>
    received.push(TelemetryMessage.parse(JSON.parse(payload.toString()))),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await observer?.endAsync();
  await broker?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function startAgent(siteId: string, cert: string, ca = 'ca') {
  const logged: string[] = [];
  const config = parseEdgeConfig({
    orgId: 'org-mtls',
    siteId,
    ocpp: { port: 0, chargePoints: [{ id: `${siteId}-CP`, passwordHash: await hashPassword('pw') }] },
    mqtt: {
      url: broker.url,
      clientId: siteId,
      tls: {
        certFile: path.join(dir, `${cert}.crt`),
        keyFile: path.join(dir, `${cert}.key`),
        caFile: path.join(dir, `${ca}.crt`),
      },
    },
    journal: { dir: path.join(dir, `${siteId}.journal`) },
  });
  const agent = await startEdgeAgent(
    config,
    createLogger('edge', (line) => void logged.push(line)),
  );
  agents.push(agent);
  const cp = createOcppClient({
    endpoint: `ws://127.0.0.1:${agent.ocpp.port}/ocpp`,
    identity: `${siteId}-CP`,
    password: 'pw',
  });
  await cp.connect();
  await cp.call('BootNotification', { chargePointVendor: 'MENNEKES', chargePointModel: 'AMTRON' });
  await cp.close({ force: true });
  return { agent, logged };
}

describe('uplink over mTLS (AWS IoT Core style)', () => {
  it('connects with the site certificate and delivers the journal over TLS', async () => {
    const { agent } = await startAgent('site-mtls', 'site');
    const boot = await eventually(
      async () => received.find((m) => m.type === 'boot' && m.chargePointId === 'site-mtls-CP'),
      'the boot over mTLS',
    );
    expect(boot.chargePointId).toBe('site-mtls-CP');
    expect(agent.uplink.connected).toBe(true);
    await eventually(
      async () => (agent.journal.stats().entries === 0 ? true : undefined),
      'an empty journal',
    );
  }, 60_000);

  it('is refused with a certificate from another CA, and keeps the message in its journal', async () => {
    const { agent, logged } = await startAgent('site-rogue', 'rogue');
    const refusal = await eventually(
      async () => logged.find((l) => l.includes('uplink refused')),
      'the refusal to be logged',
    );
    expect(refusal).toMatch(/client certificate/);
    expect(agent.uplink.connected).toBe(false);
    expect(agent.journal.stats().entries).toBeGreaterThan(0);
    expect(received.some((m) => m.chargePointId === 'site-rogue-CP')).toBe(false);
  }, 60_000);

  it('refuses a broker whose certificate its CA did not sign', async () => {
    const { agent, logged } = await startAgent('site-wrong-ca', 'site', 'rogue-ca');
    await eventually(
      async () => (logged.some((l) => l.includes('uplink error')) ? true : undefined),
      'a TLS error',
    );
    expect(agent.uplink.connected).toBe(false);
    expect(logged.join('\n')).toMatch(/certificate/i);
    expect(received.some((m) => m.chargePointId === 'site-wrong-ca-CP')).toBe(false);
  }, 60_000);
});
