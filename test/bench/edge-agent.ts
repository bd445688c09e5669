// Edge agent under a site's load: N charge points sending MeterValues every 10 s over OCPP-J 1.6,
// the agent as its own process publishing to a local broker. Measured: the agent's CPU (% of one core),
// peak RSS, and MeterValues → MQTT latency, beside a bare ocpp-rpc server (same load, no work), a bare
// ws server without any OCPP layer (the machine's floor for that WebSocket traffic), the durable
// appends alone (a LevelDB put with sync per message) and a bare mqtt.js QoS 1 publish loop.
// `AMPFLEET_BENCH_EDGE_S` sets the measurement window (default 60 s); `AMPFLEET_BENCH_PROFILE=<dir>`
// writes the agent's V8 CPU profile there (the profiler's sampling inflates the agent's CPU: compare
// profiled runs only with profiled runs); `AMPFLEET_BENCH_GROUP_COMMIT_MS=<ms>` sets the agent's
// journal.groupCommitMs (to compare with the default). Both processes run as they run on a site box: the agent as its esbuild bundle (`npm run build:edge`, rebuilt here first) and the
// baseline bundled the same way, both with the environment of edge-agent/deploy/ampfleet-edge.service.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { channelFilter, TopicChannel } from '@ampfleet/domain';
import { hashPassword } from '@ampfleet/edge-agent';
import { bundleEdgeAgent, bundleNodeEntry, siteBoxEnv } from '@ampfleet/edge-agent/bundle';
import { startBroker } from '@ampfleet/local';
import mqtt from 'mqtt';
import { createOcppClient, type OcppClient } from '@ampfleet/edge-agent/sim';
import { describeThreads, watchProcess, type ProcessFigures } from './edge-process';
import { median, percentile, type Report } from './report';

const CHARGE_POINTS = 200;
const INTERVAL_S = 10;
const WINDOW_S = Number(process.env.AMPFLEET_BENCH_EDGE_S ?? 60);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'bench-password';

const SITE_BOX_ENV = siteBoxEnv();

// Targets (issue #14), as ratios to references measured in the same run: absolute CPU on a shared VM
// is dominated by loopback and fsync costs that the agent does not control.
const CPU_TARGET = 1.5;
const RSS_TARGET_MB = 100;
const LATENCY_P99_TARGET = 3;

/** "target …: holds (1.31×)" or "target …: NOT MET (2.2×)". */
function verdict(target: string, holds: boolean, figure: string): string {
  return `target ${target}: ${holds ? 'holds' : 'NOT MET'} (${figure})`;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve));
}

type Client = OcppClient;

async function connectChargePoints(endpoint: string): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < CHARGE_POINTS; i++) {
    const client = createOcppClient({ endpoint, identity: `bench-${i}`, password: PASSWORD });
    await client.connect();
    await client.call('BootNotification', { chargePointVendor: 'MENNEKES', chargePointModel: 'AMTRON' });
    clients.push(client);
  }
  return clients;
}

/** Drives MeterValues every INTERVAL_S per charge point (staggered) for the window; returns send times by key. */
async function driveLoad(clients: Client[], seconds: number): Promise<Map<string, number>> {
  const sent = new Map<string, number>();
  const timers: NodeJS.Timeout[] = [];
  let seq = 0;
  clients.forEach((client, i) => {
    const tick = () => {
      const timestamp = new Date(Date.UTC(2026, 0, 1) + seq++ * 1000).toISOString(); // unique: the correlation key
      sent.set(`bench-${i}|${timestamp}`, performance.now());
      client
        .call('MeterValues', {
          connectorId: 1,
          meterValue: [
            {
              timestamp,
              sampledValue: ['L1', 'L2', 'L3'].flatMap((phase) => [
                { value: '15.9', measurand: 'Current.Import', phase, unit: 'A' },
                { value: '16', measurand: 'Current.Offered', phase, unit: 'A' },
              ]),
            },
          ],
        })
        .catch(() => undefined);
    };
    const offset = (i * INTERVAL_S * 1000) / clients.length;
    timers.push(setTimeout(() => (tick(), timers.push(setInterval(tick, INTERVAL_S * 1000))), offset));
  });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  timers.forEach((t) => clearTimeout(t));
  return sent;
}

async function runAgent(report: Report, brokerUrl: string, dir: string): Promise<void> {
  const passwordHash = await hashPassword(PASSWORD);
  const configFile = path.join(dir, 'edge.json');
  const ocppPort = 20_000 + Math.floor(Math.random() * 20_000);
  await writeFile(
    configFile,
    JSON.stringify({
      orgId: 'bench',
      siteId: 'bench-site',
      ocpp: {
        port: ocppPort,
        heartbeatIntervalS: 300,
        chargePoints: Array.from({ length: CHARGE_POINTS }, (_, i) => ({ id: `bench-${i}`, passwordHash })),
      },
      mqtt: { url: brokerUrl, clientId: 'bench-edge' },
      ...(process.env.AMPFLEET_BENCH_GROUP_COMMIT_MS && {
        journal: { groupCommitMs: Number(process.env.AMPFLEET_BENCH_GROUP_COMMIT_MS) },
      }),
    }),
  );
  const arrivals = new Map<string, number>();
  const sub = await mqtt.connectAsync(brokerUrl, { clientId: 'bench-sub' });
  await sub.subscribeAsync(channelFilter(TopicChannel.telemetry), { qos: 1 });
  sub.on('message', (_t, payload) => {
    const m = JSON.parse(payload.toString()) as { type: string; chargePointId: string; observedAt: string };
    if (m.type === 'meterValues') arrivals.set(`${m.chargePointId}|${m.observedAt}`, performance.now());
  });
  const profile = process.env.AMPFLEET_BENCH_PROFILE;
  const agentArgs = [
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    bundleEdgeAgent(),
    '--config',
    configFile,
  ];
  const agent = spawn(process.execPath, agentArgs, {
    cwd: dir,
    env: { ...process.env, ...SITE_BOX_ENV },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForPort(ocppPort);
    const clients = await connectChargePoints(`ws://127.0.0.1:${ocppPort}/ocpp`);
    const [figures, sent] = await Promise.all([
      watchProcess(agent.pid!, WINDOW_S),
      driveLoad(clients, WINDOW_S),
    ]);
    await new Promise((r) => setTimeout(r, 2000));
    const latencies = [...sent].flatMap(([key, t]) =>
      arrivals.has(key) ? [(arrivals.get(key) ?? t) - t] : [],
    );
    await Promise.all(clients.map((c) => c.close({ force: true })));
    const bare = await runBareServer('bare-ocpp-server', WINDOW_S);
    const floor = await runBareServer('bare-ws-server', WINDOW_S);
    const durable = await runDurableAppends(WINDOW_S);
    const note = `${sent.size} MeterValues in ${WINDOW_S} s, ${latencies.length} arrived`;
    const cpuRatio = figures.cpuPercent / bare.cpuPercent;
    report({
      name: `agent CPU, ${CHARGE_POINTS} CPs × MeterValues/${INTERVAL_S} s (ref: bare ocpp-rpc)`,
      n: CHARGE_POINTS,
      engineMedianMs: figures.cpuPercent,
      referenceMedianMs: bare.cpuPercent,
      ratio: bare.cpuPercent / figures.cpuPercent,
      unit: '%',
      note: verdict(
        `agent ≤ ${CPU_TARGET}× bare ocpp-rpc`,
        cpuRatio <= CPU_TARGET,
        `${cpuRatio.toFixed(2)}×`,
      ),
    });
    report({
      name: 'agent CPU by thread (ref: bare ocpp-rpc)',
      n: CHARGE_POINTS,
      engineMedianMs: figures.cpuPercent,
      referenceMedianMs: bare.cpuPercent,
      note: `agent: ${describeThreads(figures.threads)} | bare: ${describeThreads(bare.threads)}`,
      unit: '%',
    });
    report({
      name: 'agent CPU (ref: bare ws server, no OCPP layer)',
      n: CHARGE_POINTS,
      engineMedianMs: figures.cpuPercent,
      referenceMedianMs: floor.cpuPercent,
      ratio: floor.cpuPercent / figures.cpuPercent,
      unit: '%',
      note: `the machine's floor for the same WebSocket traffic; bare ws peak RSS ${floor.peakRssMb.toFixed(1)} MB`,
    });
    report({
      name: 'agent CPU (ref: durable appends alone)',
      n: CHARGE_POINTS,
      engineMedianMs: figures.cpuPercent,
      referenceMedianMs: durable.cpuPercent,
      ratio: durable.cpuPercent / figures.cpuPercent,
      unit: '%',
      note: `one LevelDB put with sync per message at the same ${CHARGE_POINTS / INTERVAL_S} msg/s, nothing else`,
    });
    report({
      name: 'agent peak RSS (ref: bare ocpp-rpc)',
      n: CHARGE_POINTS,
      engineMedianMs: figures.peakRssMb,
      referenceMedianMs: bare.peakRssMb,
      ratio: bare.peakRssMb / figures.peakRssMb,
      unit: 'MB',
      note: verdict(
        `≤ ${RSS_TARGET_MB} MB`,
        figures.peakRssMb <= RSS_TARGET_MB,
        `${figures.peakRssMb.toFixed(1)} MB`,
      ),
    });
    const mqttBaseline = await runBareMqtt(brokerUrl, latencies.length || 100);
    report({
      name: 'MeterValues → MQTT latency p50 (ref: bare mqtt publish)',
      n: latencies.length,
      engineMedianMs: median(latencies),
      referenceMedianMs: median(mqttBaseline),
      ratio: median(mqttBaseline) / median(latencies),
      note,
    });
    const p99Ratio = percentile(latencies, 99) / percentile(mqttBaseline, 99);
    report({
      name: 'MeterValues → MQTT latency p99 (ref: bare mqtt publish)',
      n: latencies.length,
      engineMedianMs: percentile(latencies, 99),
      referenceMedianMs: percentile(mqttBaseline, 99),
      ratio: percentile(mqttBaseline, 99) / percentile(latencies, 99),
      note: verdict(
        `p99 ≤ ${LATENCY_P99_TARGET}× bare mqtt.js`,
        p99Ratio <= LATENCY_P99_TARGET && latencies.length === sent.size,
        `${p99Ratio.toFixed(2)}×${latencies.length === sent.size ? '' : `, ${sent.size - latencies.length} missing`}`,
      ),
    });
  } finally {
    // Waited for: the agent drains and closes its journal on SIGTERM; removing its directory meanwhile
    // failed the bench with ENOTEMPTY.
    const exited = new Promise((r) => (agent.exitCode !== null ? r(undefined) : agent.once('exit', r)));
    agent.kill('SIGTERM');
    await exited;
    await sub.endAsync();
  }
}

/** A baseline server from test/bench/fixtures under the same load (bundled, unit environment). */
async function runBareServer(fixture: string, seconds: number): Promise<ProcessFigures> {
  const bare = bundleNodeEntry(
    path.join(ROOT, `test/bench/fixtures/${fixture}.ts`),
    path.join(ROOT, `test/bench/.build/${fixture}.mjs`),
  );
  const child = spawn(process.execPath, [bare], {
    env: { ...process.env, ...SITE_BOX_ENV },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = Number(await firstLine(child));
    const clients = await connectChargePoints(`ws://127.0.0.1:${port}/ocpp`);
    const [figures] = await Promise.all([watchProcess(child.pid!, seconds), driveLoad(clients, seconds)]);
    await Promise.all(clients.map((c) => c.close({ force: true })));
    return figures;
  } finally {
    child.kill('SIGTERM');
  }
}

/** CPU of the durable part alone: a LevelDB put with sync per message at the benchmark's rate. */
async function runDurableAppends(seconds: number): Promise<ProcessFigures> {
  const loop = bundleNodeEntry(
    path.join(ROOT, 'test/bench/fixtures/durable-append-loop.ts'),
    path.join(ROOT, 'test/bench/.build/durable-append-loop.mjs'),
  );
  const child = spawn(process.execPath, [loop], {
    env: { ...process.env, ...SITE_BOX_ENV, MESSAGES_PER_S: String(CHARGE_POINTS / INTERVAL_S) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await firstLine(child);
    return await watchProcess(child.pid!, seconds);
  } finally {
    child.kill('SIGTERM');
  }
}

/** Publish → receive latency of bare mqtt.js QoS 1 messages of the same size, at the same rate. */
async function runBareMqtt(brokerUrl: string, count: number): Promise<number[]> {
  const pub = await mqtt.connectAsync(brokerUrl, { clientId: 'bench-bare-pub' });
  const sub = await mqtt.connectAsync(brokerUrl, { clientId: 'bench-bare-sub' });
  await sub.subscribeAsync('bench/bare', { qos: 1 });
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  sub.on('message', (_t, payload) => {
    const i = Number(payload.subarray(0, 8).toString());
    latencies.push(performance.now() - (sentAt.get(i) ?? 0));
  });
  const body = 'x'.repeat(400);
  for (let i = 0; i < count; i++) {
    sentAt.set(i, performance.now());
    await pub.publishAsync('bench/bare', `${String(i).padStart(8, '0')}${body}`, { qos: 1 });
    await new Promise((r) => setTimeout(r, (INTERVAL_S * 1000) / CHARGE_POINTS / 10));
  }
  await new Promise((r) => setTimeout(r, 500));
  await pub.endAsync();
  await sub.endAsync();
  return latencies;
}

async function waitForPort(port: number): Promise<void> {
  const { waitForPort: wait } = await import('@ampfleet/local');
  await wait(port, 30_000);
}

export async function benchEdgeAgent(report: Report): Promise<void> {
  const broker = await startBroker(0);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-bench-edge-'));
  try {
    await runAgent(report, broker.url, dir);
  } finally {
    await broker.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatRow, HEADER } = await import('./report');
  process.stdout.write(`${HEADER}\n`);
  await benchEdgeAgent((row) => process.stdout.write(`${formatRow('edge-agent', row)}\n`));
}
