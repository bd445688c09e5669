import { createLogger } from '@ampfleet/adapters';
import {
  diffConfig,
  ECU_PARAM_KEYS,
  ocppKeyOf,
  reportedConfigOf,
  siteTopic,
  TopicChannel,
  type EcuConfig,
  type MessageOf,
  type TelemetryMessage,
} from '@ampfleet/domain';
import {
  hashPassword,
  openJournal,
  parseEdgeConfig,
  startEdgeAgent,
  type EdgeAgent,
  type Journal,
} from '@ampfleet/edge-agent';
import { mulberry32, startEcuSimulator, type EcuSimulator } from '@ampfleet/edge-agent/sim';
import { freePort, startBroker, type Broker } from '@ampfleet/local';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCommand } from '../support/commands';
import { eventually } from '../support/wait';

// Reported configuration, every hop real: ECU simulator (firmware 4.53, the catalog's parameters under
// its OCPP keys) ⇄ OCPP-J 1.6 over ws on loopback ⇄ edge agent → journal → MQTT broker (aedes); a
// changeConfiguration command from the broker makes the agent read the configuration again.

const ORG = 'org-rc';
const SITE = 'site-rc';
const CP = 'CP-RC';
const FIRMWARE = '4.53-5412-d6a2288f6';
/** What the ECU was configured with in its web interface (the Site model's canonical form). */
const ecuConfig: EcuConfig = {
  phaseConnection: 'threePhase',
  phaseRotation: 'STR',
  dlmMode: 'masterWithInternalSlave',
  dlmNetworkId: 3,
  dlmSampleRate: 30,
  evseSubDistributionLimit: { l1: 63, l2: 63, l3: 63 },
  networkMode: 'static',
  staticIp: '192.168.0.21',
  wanRouter: false,
};

let broker: Broker;
let agent: EdgeAgent;
let sim: EcuSimulator;
let watcher: MqttClient;
let dir: string;
/** Every message the agent appended to its journal, in order. */
const journaled: TelemetryMessage[] = [];
/** Every reportedConfig message that reached the broker. */
const forwarded: MessageOf<'reportedConfig'>[] = [];

/** The agent's own journal, recording each append (the test's window into what was journaled). */
function recording(journal: Journal): Journal {
  return Object.assign(Object.create(journal) as Journal, {
    append: async (message: TelemetryMessage) => {
      await journal.append(message);
      journaled.push(message);
    },
    read: journal.read.bind(journal),
    ack: journal.ack.bind(journal),
    stats: journal.stats.bind(journal),
    onAppend: journal.onAppend.bind(journal),
    compact: journal.compact.bind(journal),
    close: journal.close.bind(journal),
  });
}

const snapshots = () =>
  journaled.filter((m): m is MessageOf<'reportedConfig'> => m.type === 'reportedConfig');
const snapshotWhere = (what: string, test: (m: MessageOf<'reportedConfig'>) => boolean) =>
  eventually(async () => snapshots().find(test), what);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-reported-config-'));
  broker = await startBroker(0);
  const ocppPort = await freePort();
  const log = createLogger('edge', () => undefined);
  const config = parseEdgeConfig({
    orgId: ORG,
    siteId: SITE,
    ocpp: { port: ocppPort, chargePoints: [{ id: CP, passwordHash: await hashPassword('pw') }] },
    mqtt: { url: broker.url, clientId: 'edge-rc' },
    journal: { dir: path.join(dir, 'journal') },
    reportedConfig: { intervalS: 3600 },
  });
  watcher = await mqtt.connectAsync(broker.url, { clientId: 'watcher-rc' });
  watcher.on('message', (_topic, payload) => {
    const message = JSON.parse(payload.toString()) as TelemetryMessage;
    if (message.type === 'reportedConfig') forwarded.push(message);
  });
  await watcher.subscribeAsync(siteTopic(ORG, SITE, TopicChannel.telemetry), { qos: 1 });
  const journal = await openJournal({ dir: path.join(dir, 'journal'), log });
  agent = await startEdgeAgent(config, log, { journal: recording(journal) });
  sim = await startEcuSimulator({
    endpoint: `ws://127.0.0.1:${ocppPort}/ocpp`,
    chargePointId: CP,
    password: 'pw',
    firmwareVersion: FIRMWARE,
    ecuConfig,
    phaseConnection: 'threePhase',
    phaseRotation: 'STR',
    ratedCurrentA: 32,
    meterValueIntervalS: 60,
    random: mulberry32(7),
    backoff: { initialDelayMs: 50, maxDelayMs: 300 },
  });
});

afterAll(async () => {
  await sim.stop();
  await agent.stop();
  await watcher.endAsync();
  await broker.close();
  await rm(dir, { recursive: true, force: true });
});

describe('reported configuration over OCPP', () => {
  it("journals the ECU's whole configuration after its boot, mapped to the catalog for its firmware", async () => {
    const boot = await snapshotWhere('a snapshot after boot', (m) => m.trigger === 'boot');
    expect(boot).toMatchObject({ chargePointId: CP, firmwareVersion: FIRMWARE, catalogVersion: '4.53' });
    // Every parameter firmware 4.53 has, under its 4.53 key; nothing the firmware lacks.
    const expected = ECU_PARAM_KEYS.filter((p) => ocppKeyOf(p, '4.53') !== undefined);
    expect(boot.parameters.map((p) => p.param).sort()).toEqual([...expected].sort());
    expect(boot.parameters.find((p) => p.param === 'networkMode')).toEqual({
      param: 'networkMode',
      key: 'Mode for network configuration',
      readonly: true,
      value: 'Manual config',
    });
    // The ECU's own OCPP keys are kept raw.
    expect(boot.otherKeys.map((k) => k.key)).toEqual(
      expect.arrayContaining(['HeartbeatInterval', 'MeterValueSampleInterval', 'NumberOfConnectors']),
    );
    // What the ECU reports is what it was configured with: no drift.
    const report = reportedConfigOf(boot);
    const drift = diffConfig(ecuConfig, report.config, report.firmware ?? FIRMWARE);
    expect(drift.drifted).toEqual([]);
    expect(drift.invalid).toEqual([]);
    // And it left the journal for the cloud.
    await eventually(
      async () => forwarded.find((m) => m.messageId === boot.messageId),
      'the snapshot at the broker',
    );
  });

  it('reads the configuration again after a ChangeConfiguration the agent made, after its result', async () => {
    const before = snapshots().length;
    const command = aCommand({
      kind: 'changeConfiguration',
      chargePointId: CP,
      key: 'DLM Algorithm Sample Rate',
      value: '60',
    });
    await watcher.publishAsync(siteTopic(ORG, SITE, TopicChannel.commands), JSON.stringify(command), {
      qos: 1,
    });
    const change = await snapshotWhere('a snapshot after the change', (m) => m.trigger === 'change');
    expect(change.parameters.find((p) => p.param === 'dlmSampleRate')?.value).toBe('60');
    const result = journaled.findIndex(
      (m) => m.type === 'commandResult' && m.commandId === command.commandId,
    );
    expect(result).toBeGreaterThanOrEqual(0);
    expect(journaled[result]).toMatchObject({ status: 'accepted', response: { status: 'RebootRequired' } });
    expect(journaled.indexOf(change)).toBeGreaterThan(result);
    expect(snapshots().length).toBeGreaterThan(before);
    expect(change.sequence).toBeGreaterThan(snapshots()[0]?.sequence ?? Infinity);
    const report = reportedConfigOf(change);
    expect(diffConfig({ ...ecuConfig, dlmSampleRate: 60 }, report.config, FIRMWARE).inSync).toBe(true);
  });

  it('answers ChangeConfiguration as OCPP 1.6 §5.3 says: read-only and invalid Rejected, unknown NotSupported', async () => {
    const statusOf = async (key: string, value: string) => {
      const command = aCommand({ kind: 'changeConfiguration', chargePointId: CP, key, value });
      await watcher.publishAsync(siteTopic(ORG, SITE, TopicChannel.commands), JSON.stringify(command), {
        qos: 1,
      });
      const result = await eventually(
        async () =>
          journaled.find(
            (m): m is MessageOf<'commandResult'> =>
              m.type === 'commandResult' && m.commandId === command.commandId,
          ),
        `the result of ${key}`,
      );
      return result.response?.status;
    };
    expect(await statusOf('Static network configuration IP', '192.168.0.99')).toBe('Rejected');
    expect(await statusOf('DLM Algorithm Sample Rate', '0')).toBe('Rejected');
    expect(await statusOf('External Load Headroom', '0/0/0')).toBe('NotSupported'); // 4.61 only
    expect(await statusOf('Operator EVSE Sub-Distribution Limit', '32/32/32')).toBe('Accepted');
  });
});
