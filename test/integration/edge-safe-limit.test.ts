import { createLogger } from '@ampfleet/adapters';
import { COMMAND_SCHEMA_VERSION, siteTopic, TopicChannel, type Command } from '@ampfleet/domain';
import { hashPassword, parseEdgeConfig, startEdgeAgent, type EdgeAgent } from '@ampfleet/edge-agent';
import { mulberry32, startEcuSimulator, type EcuSimulator } from '@ampfleet/edge-agent/sim';
import { freePort, startBroker, type Broker } from '@ampfleet/local';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/wait';

// Cloud silence (issue #13 point 4): real MQTT broker (aedes), the edge agent, the ECU simulator as DLM
// master over OCPP-J 1.6. The cloud commands a lower operator limit, then goes silent; after the agent's
// configured silence timeout (an injected clock, no waiting) the agent restores the safe limit — the
// master's own configured operator limit — at the ECU.
const ORG = 'org-silence';
const SITE = 'site-silence';
const MASTER = 'CP-SAFE';
const SAFE_A = 32;
const TIMEOUT_S = 60;

let broker: Broker;
let agent: EdgeAgent;
let sim: EcuSimulator;
let cloud: MqttClient;
let nowMs = Date.now();
const lines: string[] = [];

async function cloudCommands(amps: number): Promise<void> {
  const command: Command = {
    v: COMMAND_SCHEMA_VERSION,
    commandId: randomUUID(),
    issuedAt: new Date().toISOString(),
    deadline: new Date(Date.now() + 120_000).toISOString(),
    chargePointId: MASTER,
    kind: 'setOperatorLimit',
    amps,
  };
  await cloud.publishAsync(siteTopic(ORG, SITE, TopicChannel.commands), JSON.stringify(command), { qos: 1 });
}
const restores = () => lines.filter((l) => l.includes('restoring the safe operator limit')).length;

beforeAll(async () => {
  broker = await startBroker(0);
  const ocppPort = await freePort();
  const journalDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ampfleet-silence-')), 'journal');
  const config = parseEdgeConfig({
    orgId: ORG,
    siteId: SITE,
    ocpp: {
      port: ocppPort,
      heartbeatIntervalS: 60,
      chargePoints: [{ id: MASTER, passwordHash: await hashPassword('pw') }],
    },
    mqtt: { url: broker.url, clientId: 'edge-silence' },
    journal: { dir: journalDir },
    dlm: {
      cloudSilenceTimeoutS: TIMEOUT_S,
      networks: [
        { id: 'dlm-1', masterChargePointId: MASTER, chargePointIds: [MASTER], safeOperatorLimitA: SAFE_A },
      ],
    },
  });
  agent = await startEdgeAgent(
    config,
    createLogger('edge', (l) => void lines.push(l)),
    { cloudSilenceClock: () => nowMs },
  );
  sim = await startEcuSimulator({
    endpoint: `ws://127.0.0.1:${ocppPort}/ocpp`,
    chargePointId: MASTER,
    password: 'pw',
    firmwareVersion: '4.61-6000-a1b2c3d4e',
    phaseConnection: 'threePhase',
    phaseRotation: 'RST',
    ratedCurrentA: 32,
    meterValueIntervalS: 5,
    random: mulberry32(5),
    backoff: { initialDelayMs: 50, maxDelayMs: 300 },
    dlmMaster: { subDistributionLimitA: 40, operatorLimitA: SAFE_A },
  });
  await eventually(async () => (sim.state.accepted ? true : undefined), 'master booted');
  cloud = await mqtt.connectAsync(broker.url, { clientId: 'cloud-silence' });
}, 120_000);

afterAll(async () => {
  await cloud?.endAsync();
  await sim?.stop();
  await agent?.stop();
  await broker?.close();
});

describe('edge agent: cloud silence', () => {
  it('keeps the cloud limit while the cloud speaks, restores the safe limit after the timeout', async () => {
    expect(agent.cloudSilence).toBeDefined();
    await cloudCommands(10);
    await eventually(
      async () => (sim.state.operatorLimitA === 10 ? true : undefined),
      'the cloud limit at the ECU',
    );

    nowMs += (TIMEOUT_S - 10) * 1000; // silent, but not for the timeout yet
    await agent.cloudSilence!.check();
    expect(restores()).toBe(0);
    await cloudCommands(10); // the cloud's keep-alive: the same limit again
    await eventually(
      async () => (lines.filter((l) => l.includes('command received')).length === 2 ? true : undefined),
      'the keep-alive received by the agent',
    );
    nowMs += (TIMEOUT_S - 10) * 1000; // 50 s since the keep-alive
    await agent.cloudSilence!.check();
    expect(restores()).toBe(0);
    expect(sim.state.operatorLimitA).toBe(10);

    nowMs += 11_000; // 61 s of silence
    await agent.cloudSilence!.check();
    expect(restores()).toBe(1);
    await eventually(
      async () => (sim.state.operatorLimitA === SAFE_A ? true : undefined),
      'the safe limit restored at the ECU',
    );
    await agent.cloudSilence!.check(); // restored once, not again
    expect(restores()).toBe(1);
  });
});
