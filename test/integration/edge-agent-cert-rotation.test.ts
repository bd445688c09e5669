import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { Aedes } from 'aedes';
import { hashPassword, parseEdgeConfig } from '@ampfleet/edge-agent';
import { runDoctor } from '../../edge-agent/src/doctor/doctor';
import { createOcppClient, type OcppClient } from '@ampfleet/edge-agent/sim';
import { freePort, waitForPort } from '@ampfleet/local';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/wait';

// Certificate rotation without losing a journaled message: a real agent process with an mTLS uplink
// to an aedes broker behind node:tls on 127.0.0.1 (CA and certificates made by openssl for this run).
// The site's certificate v1 is replaced on disk by v2 and the broker revokes v1 at the same moment
// (it drops v1's connection and refuses v1 from then on), while the ECU keeps sending; SIGHUP makes
// the agent reread the files and reconnect. Every MeterValues acknowledged before, during and after
// must reach the cloud side, and the broker must have seen v2.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'edge-agent/bin/ampfleet-edge.js');
let dir: string;
let server: tls.Server;
let aedes: Aedes;
let brokerPort: number;
let agent: ChildProcess;
let observer: mqtt.MqttClient;
let cp: OcppClient;
const seenCns: string[] = [];
const revoked = new Set<string>();
const received = new Set<string>();

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
function makeCert(name: string, ext: string): void {
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
  execFileSync('sh', ['-c', `printf '%s\\n' '${ext}' > ${name}.ext`], { cwd: dir });
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  );
}
const pem = (name: string) => readFile(path.join(dir, name));
const file = (name: string) => path.join(dir, name);

let seq = 0;
/** One acknowledged MeterValues; its unique timestamp is its key on the cloud side. */
async function sendReading(): Promise<string> {
  const timestamp = new Date(Date.UTC(2026, 11, 1) + seq++ * 1000).toISOString();
  await cp.call('MeterValues', {
    connectorId: 1,
    meterValue: [
      {
        timestamp,
        sampledValue: [{ value: String(seq), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
      },
    ],
  });
  return timestamp;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-rotation-'));
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=rotation-ca',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
  );
  makeCert('broker', 'subjectAltName=IP:127.0.0.1');
  for (const name of ['site-v1', 'site-v2', 'observer']) makeCert(name, 'extendedKeyUsage=clientAuth');
  await copyFile(file('site-v1.crt'), file('site.crt'));
  await copyFile(file('site-v1.key'), file('site.key'));

  aedes = await Aedes.createBroker();
  server = tls.createServer(
    {
      key: await pem('broker.key'),
      cert: await pem('broker.crt'),
      ca: await pem('ca.crt'),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (socket) => {
      const cn = String(socket.getPeerCertificate().subject?.CN ?? '');
      seenCns.push(cn);
      if (revoked.has(cn)) return socket.destroy();
      aedes.handle(socket);
    },
  );
  brokerPort = await freePort();
  await new Promise<void>((resolve) => server.listen(brokerPort, '127.0.0.1', resolve));
  observer = await mqtt.connectAsync(`mqtts://127.0.0.1:${brokerPort}`, {
    clientId: 'rotation-observer',
    cert: await pem('observer.crt'),
    key: await pem('observer.key'),
    ca: await pem('ca.crt'),
  });
  await observer.subscribeAsync('ampfleet/v1/+/+/telemetry', { qos: 1 });
  observer.on('message', (_t, payload) => {
    const m = JSON.parse(payload.toString()) as { type: string; observedAt: string };
    if (m.type === 'meterValues') received.add(m.observedAt);
  });

  const ocppPort = await freePort();
  const config = {
    orgId: 'org-rotation',
    siteId: 'site-rotation',
    ocpp: { port: ocppPort, chargePoints: [{ id: 'CP-R', passwordHash: await hashPassword('pw') }] },
    mqtt: {
      url: `mqtts://127.0.0.1:${brokerPort}`,
      clientId: 'site-rotation',
      tls: { certFile: file('site.crt'), keyFile: file('site.key'), caFile: file('ca.crt') },
    },
    journal: { dir: file('journal') },
  };
  await writeFile(file('site-edge.json'), JSON.stringify(config));
  agent = spawn(process.execPath, [BIN, '--config', file('site-edge.json')], { cwd: dir, stdio: 'ignore' });
  await waitForPort(ocppPort, 60_000);
  cp = createOcppClient({ endpoint: `ws://127.0.0.1:${ocppPort}/ocpp`, identity: 'CP-R', password: 'pw' });
  await cp.connect();
}, 120_000);

afterAll(async () => {
  await cp?.close({ force: true });
  agent?.kill('SIGKILL');
  await observer?.endAsync(true);
  aedes?.close();
  server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('certificate rotation', () => {
  it('delivers every message acknowledged before, during and after the rotation, over the new certificate', async () => {
    const before = [await sendReading(), await sendReading(), await sendReading()];
    await eventually(async () => (before.every((k) => received.has(k)) ? true : undefined), 'before');
    expect(seenCns).toContain('site-v1');

    // During: the ECU keeps sending while the files change, v1 is revoked and the agent is told.
    const during: Promise<string>[] = [];
    const sending = (async () => {
      for (let i = 0; i < 20; i++) {
        during.push(sendReading());
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await copyFile(file('site-v2.key'), file('site.key'));
    await copyFile(file('site-v2.crt'), file('site.crt'));
    revoked.add('site-v1');
    for (const client of Object.values(
      (aedes as unknown as { clients: Record<string, { id: string; close(): void }> }).clients,
    ))
      if (client.id === 'site-rotation') client.close(); // the broker drops the revoked certificate's session
    agent.kill('SIGHUP');
    await sending;
    const duringKeys = await Promise.all(during);

    const after = [await sendReading(), await sendReading()];
    const all = [...before, ...duringKeys, ...after];
    await eventually(
      async () => (all.every((k) => received.has(k)) ? true : undefined),
      'every message',
      60_000,
    );
    expect(seenCns).toContain('site-v2');
    expect(seenCns.lastIndexOf('site-v1')).toBeLessThan(seenCns.lastIndexOf('site-v2'));
  }, 120_000);

  it('doctor: the broker answers the TLS handshake with the site certificate, which is valid for 2 days', async () => {
    const out: string[] = [];
    const config = parseEdgeConfig(JSON.parse(await readFile(file('site-edge.json'), 'utf8')));
    await runDoctor(config, { write: (l) => void out.push(l) });
    expect(out.find((l) => /broker:/.test(l))).toMatch(
      /^ok\s+broker: 127\.0\.0\.1:\d+ reachable \(TLS handshake/,
    );
    expect(out.find((l) => /certificate:/.test(l))).toMatch(
      /^warn\s+certificate: expires .+ \(in [12] days\) → rotate soon/,
    );
  });
});
