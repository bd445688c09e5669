import { forOrg, type FleetStore } from '@ampfleet/adapters';
import {
  aSite,
  aUser,
  anAmtron,
  renderOcppConfiguration,
  paramOfOcppKey,
  type Command,
  type EcuConfig,
} from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBoot } from '../../../test/support/builders';
import { startTestStore, type TestStore } from '../../../test/support/dynamo';
import { aCommandResult, aReportedConfig, aTransactionStarted } from '../../../test/support/message-builders';
import {
  applyDrift,
  ingestTelemetry,
  InvalidRequestError,
  readDriftApplyStatus,
  registerSite,
  type CommandPublisher,
} from './index';

// "Apply desired" over DynamoDB Local: the run's commands go through the command path (records, then
// the publisher), Save & Restart only with a confirmed Reset and never during a transaction unless forced,
// a failed ECU does not stop the others, a second apply in flight sends nothing, and the ECU is done
// once its report shows the desired values.

const ORG = 'org-da';
const SECRET = 'Basic-Auth-Secret-apply';
let store: TestStore;
let fleet: FleetStore;
let tick = 0;
const clock = { now: () => new Date(Date.UTC(2026, 11, 2, 10, 0, tick++)) };
const manager = aUser(ORG, 'fleet-manager');
let published: Command[] = [];
const publisher: CommandPublisher = { publish: async (_org, _site, c) => void published.push(c) };
const ctx = () => ({
  repos: forOrg(ORG, fleet),
  clock,
  principal: manager,
  publisher,
  newId: () => crypto.randomUUID(),
});
const system = () => ({ repos: forOrg(ORG, fleet), clock });

const DESIRED: EcuConfig = {
  operatorEvseSubDistributionLimit: { l1: 80, l2: 80, l3: 80 },
  currentImbalanceLimit: 20,
  httpBasicAuthPassword: SECRET,
};

/** A site of three AMTRONs on 4.61: cp1 and cp2 have booted, cp3 never has (commands to it fail). */
async function aSiteWithDrift(siteId: string, options: { transactionOn?: string } = {}) {
  const site = aSite({
    id: siteId,
    stations: ['st1', 'st2', 'st3'].map((id) =>
      anAmtron({ id: `${siteId}-${id}`, firmware: '4.61-1', config: DESIRED }),
    ),
  });
  await registerSite(ctx(), site);
  const cps = site.stations.map((s) => s.ecus[0]!.chargePointId);
  for (const cp of cps.slice(0, 2)) {
    await ingestTelemetry(system(), { siteId, message: aBoot({ chargePointId: cp }) });
    // Reported: the desired values but the operator limit (runtime) and the imbalance limit (Save & Restart).
    await report(siteId, cp, site.stations[0]!.ecus[0]!.config, {
      'Operator EVSE Sub-Distribution Limit': '(100/100/100)',
      'Current Imbalance Limit': '16',
    });
  }
  await report(siteId, cps[2]!, site.stations[0]!.ecus[0]!.config, { 'Current Imbalance Limit': '16' });
  if (options.transactionOn)
    await ingestTelemetry(system(), {
      siteId,
      message: aTransactionStarted({ chargePointId: options.transactionOn }),
    });
  return cps as [string, string, string];
}

let sequence = 1;
async function report(siteId: string, cp: string, config: EcuConfig, override: Record<string, string> = {}) {
  const parameters = renderOcppConfiguration(config, '4.61').map((kv) => {
    const value = override[kv.key] ?? kv.value;
    return {
      param: paramOfOcppKey(kv.key, '4.61')!,
      key: kv.key,
      readonly: kv.readonly,
      ...(value !== undefined && { value }),
    };
  });
  await ingestTelemetry(system(), {
    siteId,
    message: aReportedConfig({
      chargePointId: cp,
      firmwareVersion: '4.61-1',
      sequence: sequence++,
      observedAt: clock.now().toISOString(),
      trigger: 'change',
      parameters,
      otherKeys: [],
    }),
  });
}

async function answer(
  siteId: string,
  commandId: string,
  cp: string,
  status: 'accepted' | 'rejected' = 'accepted',
) {
  await ingestTelemetry(system(), {
    siteId,
    message: aCommandResult({ chargePointId: cp, commandId, status, observedAt: clock.now().toISOString() }),
  });
}

beforeAll(async () => {
  store = await startTestStore('ampfleet-drift-apply');
  fleet = { doc: store.clients.doc, table: store.table };
});
afterAll(() => store.stop());

describe('applyDrift', () => {
  it('sends runtime changes at once, holds Save & Restart without confirmation, and is done when the ECU reports', async () => {
    published = [];
    const [cp1] = await aSiteWithDrift('da-1');
    const run = await applyDrift(ctx(), {
      siteId: 'da-1',
      chargePointIds: [cp1],
      confirmRestart: false,
      force: false,
    });
    expect(run.created).toBe(true);
    expect(published.map((c) => (c.kind === 'changeConfiguration' ? [c.key, c.value] : c.kind))).toEqual([
      ['Operator EVSE Sub-Distribution Limit', '(80/80/80)'],
    ]);
    const sent = await readDriftApplyStatus(ctx(), { siteId: 'da-1' });
    expect(sent?.inFlight).toBe(true);
    expect(sent?.ecus).toMatchObject([
      {
        chargePointId: cp1,
        status: 'sent',
        held: [{ name: 'Current Imbalance Limit' }],
        holdReason: 'restartNotConfirmed',
      },
    ]);
    // A second apply while the run is in flight returns it and sends nothing.
    const again = await applyDrift(ctx(), { siteId: 'da-1', confirmRestart: true, force: true });
    expect(again).toEqual({ runId: run.runId, created: false });
    expect(published).toHaveLength(1);

    await answer('da-1', published[0]!.commandId, cp1);
    expect((await readDriftApplyStatus(ctx(), { siteId: 'da-1' }))?.ecus[0]?.status).toBe(
      'waiting-for-report',
    );
    const config = aSite({ stations: [anAmtron({ config: DESIRED })] }).stations[0]!.ecus[0]!.config;
    await report('da-1', cp1, config, { 'Current Imbalance Limit': '16' });
    const done = await readDriftApplyStatus(ctx(), { siteId: 'da-1' });
    expect(done?.ecus[0]).toMatchObject({ status: 'reboot-required', changes: [{ reported: true }] });
    expect(done?.inFlight).toBe(false);
  });

  it('with a confirmed restart: changes, then one Reset after they are answered; a failed ECU does not stop the others', async () => {
    published = [];
    const [cp1, cp2, cp3] = await aSiteWithDrift('da-2');
    const run = await applyDrift(ctx(), { siteId: 'da-2', confirmRestart: true, force: false });
    expect(run.created).toBe(true);
    // cp3 never booted: its commands cannot be stored; cp1 and cp2 get theirs.
    expect(published.map((c) => c.chargePointId)).toEqual([cp1, cp1, cp2, cp2]);
    expect(published.every((c) => c.kind === 'changeConfiguration')).toBe(true);
    let status = await readDriftApplyStatus(ctx(), { siteId: 'da-2' });
    expect(status?.ecus.map((e) => [e.chargePointId, e.status])).toEqual([
      [cp1, 'sent'],
      [cp2, 'sent'],
      [cp3, 'failed'],
    ]);
    for (const c of published.filter((c) => c.chargePointId === cp1)) await answer('da-2', c.commandId, cp1);
    // Reading the status twice at once sends the due Reset once.
    await Promise.all([
      readDriftApplyStatus(ctx(), { siteId: 'da-2' }),
      readDriftApplyStatus(ctx(), { siteId: 'da-2' }),
    ]);
    const resets = published.filter((c) => c.kind === 'reset');
    expect(resets.map((c) => c.chargePointId)).toEqual([cp1]);
    await answer('da-2', resets[0]!.commandId, cp1);
    await answer('da-2', published.find((c) => c.chargePointId === cp2)!.commandId, cp2, 'rejected');
    const config = aSite({ stations: [anAmtron({ config: DESIRED })] }).stations[0]!.ecus[0]!.config;
    await report('da-2', cp1, config);
    status = await readDriftApplyStatus(ctx(), { siteId: 'da-2' });
    expect(status?.ecus.map((e) => [e.chargePointId, e.status])).toEqual([
      [cp1, 'done'],
      [cp2, 'rejected'],
      [cp3, 'failed'],
    ]);
    expect(status?.inFlight).toBe(false);
  });

  it('never restarts an ECU with a running transaction unless forced', async () => {
    published = [];
    const [cp1, cp2] = await aSiteWithDrift('da-3', { transactionOn: 'da-3-st1-cp1' });
    await applyDrift(ctx(), {
      siteId: 'da-3',
      chargePointIds: [cp1, cp2],
      confirmRestart: true,
      force: false,
    });
    const status = await readDriftApplyStatus(ctx(), { siteId: 'da-3' });
    expect(status?.ecus.map((e) => [e.chargePointId, e.holdReason, e.changes.map((c) => c.apply)])).toEqual([
      [cp1, 'transactionRunning', ['runtime']],
      [cp2, undefined, ['runtime', 'saveAndRestart']],
    ]);
    published = [];
    // Forced (a new run once this one is over): the Save & Restart change goes to cp1 too.
    const forcedSite = 'da-4';
    const [f1] = await aSiteWithDrift(forcedSite, { transactionOn: 'da-4-st1-cp1' });
    await applyDrift(ctx(), { siteId: forcedSite, chargePointIds: [f1], confirmRestart: true, force: true });
    expect(published.map((c) => (c.kind === 'changeConfiguration' ? c.key : c.kind))).toEqual([
      'Operator EVSE Sub-Distribution Limit',
      'Current Imbalance Limit',
    ]);
  });

  it('never writes a secret into the run or its status, and names a bad charge point id', async () => {
    await aSiteWithDrift('da-5');
    await expect(
      applyDrift(ctx(), { siteId: 'da-5', chargePointIds: ['nope'], confirmRestart: false, force: false }),
    ).rejects.toThrow(InvalidRequestError);
    await expect(
      applyDrift(ctx(), { siteId: 'da-5', chargePointIds: ['nope'], confirmRestart: false, force: false }),
    ).rejects.toThrow('chargePointIds.0');
    await applyDrift(ctx(), { siteId: 'da-5', confirmRestart: true, force: true });
    const runItems = (await store.scanAll()).filter((i) => String(i.sk).startsWith('DRIFTAPPLY#'));
    expect(runItems.length).toBeGreaterThan(0);
    expect(JSON.stringify(runItems)).not.toContain(SECRET);
    expect(JSON.stringify(await readDriftApplyStatus(ctx(), { siteId: 'da-5' }))).not.toContain(SECRET);
  });

  it('refuses a viewer', async () => {
    const viewer = { ...ctx(), principal: aUser(ORG, 'viewer') };
    await expect(
      applyDrift(viewer, { siteId: 'da-1', confirmRestart: false, force: false }),
    ).rejects.toThrow();
  });
});
