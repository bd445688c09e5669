import { randomUUID } from 'node:crypto';
import { forOrg, type FleetStore } from '@ampfleet/adapters';
import {
  anAmedio,
  anAmtron,
  aSite,
  aUser,
  phases,
  type Command,
  type EcuConfig,
  type Site,
} from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBoot } from '../../../test/support/builders';
import { startTestStore, type TestStore } from '../../../test/support/dynamo';
import {
  advanceActiveRollouts,
  advanceRollout,
  controlRollout,
  createRollout,
  ForbiddenError,
  getRollout,
  ingestTelemetry,
  InvalidRequestError,
  registerSite,
  type CommandPublisher,
} from './index';

// Bulk rollouts over DynamoDB Local (issue #12 points 5, 8): sites seeded through registration and boot
// ingest; the runner saves versions and sends commands; results come back as 'commandResult' telemetry
// through the real ingest use case (what the edge agent's journal delivers) — never written into the table.

const ORG = 'org-roll';
let store: TestStore;
let fleet: FleetStore;
let tick = 0;
/** Injected clock: one second per call, so deadlines never depend on machine speed. */
const clock = { now: () => new Date(Date.UTC(2026, 11, 1, 9, 0, 0) + 1000 * tick++) };
const manager = aUser(ORG, 'fleet-manager');
const repos = () => forOrg(ORG, fleet);
const caller = () => ({ repos: repos(), clock, principal: manager, newId: () => randomUUID() });

/** The command path's far end: what was published, answered by the test's "agent" through ingest. */
class AgentDouble implements CommandPublisher {
  readonly sent: { siteId: string; command: Command }[] = [];
  private answered = new Set<string>();
  publish(_orgId: string, siteId: string, command: Command): Promise<void> {
    this.sent.push({ siteId, command });
    return Promise.resolve();
  }
  /** Answers every command not answered yet; `reject` picks charge points whose ECU refuses. */
  async answerAll(reject: (cp: string) => boolean = () => false): Promise<number> {
    let n = 0;
    for (const { siteId, command } of this.sent) {
      if (this.answered.has(command.commandId)) continue;
      this.answered.add(command.commandId);
      const refused = reject(command.chargePointId);
      await ingestTelemetry(
        { repos: repos(), clock },
        {
          siteId,
          message: {
            v: 1,
            messageId: randomUUID(),
            chargePointId: command.chargePointId,
            observedAt: clock.now().toISOString(),
            type: 'commandResult',
            commandId: command.commandId,
            status: refused ? 'rejected' : 'accepted',
            detail: refused ? 'ECU answered Rejected' : 'ECU answered Accepted',
            response: { status: refused ? 'Rejected' : 'Accepted' },
          },
        },
      );
      n++;
    }
    return n;
  }
}

const master: EcuConfig = {
  dlmMode: 'masterWithInternalSlave',
  dlmNetworkId: 0,
  dlmSampleRate: 30,
  evseSubDistributionLimit: phases(32),
  operatorEvseSubDistributionLimit: phases(32),
};
/** A lightweight site: one AMTRON, its ECU the DLM master of its own supply line. */
const lightSite = (id: string, station = anAmtron({ id: `${id}-st`, config: master })): Site =>
  aSite({ id, name: `Site ${id}`, stations: [station] });

async function seed(sites: readonly Site[], booted = (_cp: string) => true): Promise<void> {
  const seedOne = async (site: Site) => {
    await registerSite({ repos: repos(), clock }, site);
    for (const ecu of site.stations.flatMap((s) => s.ecus))
      if (booted(ecu.chargePointId))
        await ingestTelemetry(
          { repos: repos(), clock },
          { siteId: site.id, message: aBoot({ chargePointId: ecu.chargePointId }) },
        );
  };
  for (let i = 0; i < sites.length; i += 20) await Promise.all(sites.slice(i, i + 20).map(seedOne));
}

const operatorLimit = (amps: number) => ({
  kind: 'parameter',
  param: 'operatorEvseSubDistributionLimit',
  value: phases(amps),
});
const runner = (agent: AgentDouble) => ({ repos: repos(), clock, publisher: agent });

beforeAll(async () => {
  store = await startTestStore('ampfleet-rollouts');
  fleet = { doc: store.clients.doc, table: store.table };
});
afterAll(() => store.stop());

describe('rollouts', () => {
  it('rolls one change out over 200 sites with the cap held, showing progress to the end', async () => {
    const sites = Array.from({ length: 200 }, (_, i) => lightSite(`r200-${String(i).padStart(3, '0')}`));
    await seed(sites);
    const siteIds = sites.map((s) => s.id);
    const dry = await createRollout(caller(), { siteIds, change: operatorLimit(20), dryRun: true });
    expect(dry.summary).toMatchObject({ sites: 200, changing: 200, blocked: 0 });
    expect((await repos().desiredConfig.get(siteIds[0] as string))?.version).toBe(1);

    const created = await createRollout(caller(), {
      siteIds,
      change: operatorLimit(20),
      dryRun: false,
      maxInFlight: 25,
    });
    if (created.dryRun) throw new Error('expected a rollout');
    const agent = new AgentDouble();
    const seen: number[] = [];
    for (let step = 0; step < 40; step++) {
      const ticks = await advanceActiveRollouts({ store: fleet, clock, publisher: agent });
      if (ticks.length === 0) break;
      const progress = ticks.find((t) => t.rolloutId === created.rolloutId)?.progress;
      expect(progress?.inFlight).toBeLessThanOrEqual(25);
      seen.push(progress?.percent ?? -1);
      await agent.answerAll();
    }
    const view = await getRollout(caller(), { rolloutId: created.rolloutId });
    expect(view.rollout.status).toBe('done');
    expect(view.progress).toMatchObject({ total: 200, done: 200, failed: 0, percent: 100 });
    expect(seen.length).toBeGreaterThan(8); // 200 sites at 25 in flight: progress over many steps
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(100);
    const head = await repos().desiredConfig.get('r200-123');
    expect(head).toMatchObject({
      version: 2,
      comment: created.rolloutId,
      savedBy: 'fleet-manager@org-roll.test',
    });
    expect(head?.site.stations[0]?.ecus[0]?.config.operatorEvseSubDistributionLimit).toEqual(phases(20));
    expect(agent.sent).toHaveLength(200);
    expect(new Set(agent.sent.map((s) => s.command.commandId)).size).toBe(200);
    expect(agent.sent[0]?.command).toMatchObject({
      kind: 'changeConfiguration',
      key: 'Operator EVSE Sub-Distribution Limit',
      value: '(20/20/20)',
    });
    expect(view.sites[7]?.ecus).toEqual([
      { chargePointId: 'r200-007-st-cp1', outcome: 'succeeded', manual: [] },
    ]);
  });

  it('pause holds new sites while those in flight finish; resume goes on; cancel never starts the rest', async () => {
    const sites = Array.from({ length: 12 }, (_, i) => lightSite(`pc-${i}`));
    await seed(sites);
    const created = await createRollout(caller(), {
      siteIds: sites.map((s) => s.id),
      change: operatorLimit(16),
      dryRun: false,
      maxInFlight: 3,
    });
    if (created.dryRun) throw new Error('expected a rollout');
    const id = created.rolloutId;
    const agent = new AgentDouble();
    expect(await advanceRollout(runner(agent), id)).toMatchObject({ inFlight: 3, queued: 9 });
    await controlRollout(caller(), { rolloutId: id, action: 'pause' });
    await agent.answerAll();
    expect(await advanceRollout(runner(agent), id)).toMatchObject({ inFlight: 0, done: 3, queued: 9 });
    expect(await advanceRollout(runner(agent), id)).toMatchObject({ inFlight: 0, done: 3, queued: 9 });
    await expect(controlRollout(caller(), { rolloutId: id, action: 'pause' })).rejects.toThrow(/is paused/);
    await controlRollout(caller(), { rolloutId: id, action: 'resume' });
    expect(await advanceRollout(runner(agent), id)).toMatchObject({ inFlight: 3, done: 3, queued: 6 });
    await controlRollout(caller(), { rolloutId: id, action: 'cancel' });
    await agent.answerAll();
    expect(await advanceRollout(runner(agent), id)).toMatchObject({
      inFlight: 0,
      done: 6,
      cancelled: 6,
      queued: 0,
    });
    expect((await getRollout(caller(), { rolloutId: id })).rollout.status).toBe('cancelled');
    expect(agent.sent).toHaveLength(6);
    expect((await repos().desiredConfig.get('pc-11'))?.version).toBe(1);
    const ticks = await advanceActiveRollouts({ store: fleet, clock, publisher: agent });
    expect(ticks.map((t) => t.rolloutId)).not.toContain(id);
  });

  it('a failing ECU or one that never reported does not block the other ECUs or sites', async () => {
    const amedio = lightSite('f-amedio', anAmedio({ id: 'f-amedio-st', config: master }));
    const silent = lightSite('f-silent');
    const fine = lightSite('f-fine');
    await seed([amedio, silent, fine], (cp) => cp !== 'f-silent-st-cp1');
    // §7.2 over the three sites: the AMEDIO's satellite becomes a slave (dlmMode changes: one command).
    const change = { kind: 'parameter', param: 'dlmNetworkId', value: 3 };
    const created = await createRollout(caller(), {
      siteIds: ['f-amedio', 'f-silent', 'f-fine'],
      change,
      dryRun: false,
      maxInFlight: 3,
    });
    if (created.dryRun) throw new Error('expected a rollout');
    const agent = new AgentDouble();
    await advanceRollout(runner(agent), created.rolloutId);
    await agent.answerAll((cp) => cp === 'f-amedio-st-cp2');
    const progress = await advanceRollout(runner(agent), created.rolloutId);
    expect(progress).toMatchObject({ done: 1, failed: 2, inFlight: 0 });
    const view = await getRollout(caller(), { rolloutId: created.rolloutId });
    const bySite = Object.fromEntries(view.sites.map((s) => [s.siteId, s]));
    expect(bySite['f-amedio']?.ecus?.map((e) => [e.chargePointId, e.outcome])).toEqual([
      ['f-amedio-st-cp1', 'succeeded'],
      ['f-amedio-st-cp2', 'failed'],
    ]);
    expect(bySite['f-amedio']?.ecus?.[1]?.detail).toMatch(/rejected/);
    expect(bySite['f-silent']?.ecus?.[0]?.outcome).toBe('failed');
    expect(bySite['f-silent']?.ecus?.[0]?.detail).toMatch(/not found/);
    expect(bySite['f-fine']?.state).toBe('done');
  });

  it('retrying a step is idempotent: two runners at once save each version and send each command once', async () => {
    const sites = Array.from({ length: 6 }, (_, i) => lightSite(`idem-${i}`));
    await seed(sites);
    const created = await createRollout(caller(), {
      siteIds: sites.map((s) => s.id),
      change: operatorLimit(24),
      dryRun: false,
      maxInFlight: 6,
    });
    if (created.dryRun) throw new Error('expected a rollout');
    const agent = new AgentDouble();
    await Promise.all([
      advanceRollout(runner(agent), created.rolloutId),
      advanceRollout(runner(agent), created.rolloutId),
    ]);
    await advanceRollout(runner(agent), created.rolloutId);
    for (const site of sites) {
      const versions = await repos().desiredConfig.history(site.id, { limit: 10 });
      expect(versions.map((v) => v.version)).toEqual([2, 1]);
      const commands = await repos().commands.list(site.id, 10);
      expect(commands).toHaveLength(1);
    }
    await agent.answerAll();
    expect(await advanceRollout(runner(agent), created.rolloutId)).toMatchObject({ done: 6 });
  });

  it('Save & Restart: a Reset follows only when confirmed', async () => {
    const sites = [lightSite('sr-yes'), lightSite('sr-no')];
    await seed(sites);
    const change = { kind: 'parameter', param: 'dlmSampleRate', value: 15 };
    const agent = new AgentDouble();
    for (const [siteId, restartConfirmed] of [
      ['sr-yes', true],
      ['sr-no', false],
    ] as const) {
      const created = await createRollout(caller(), {
        siteIds: [siteId],
        change,
        dryRun: false,
        restartConfirmed,
      });
      if (created.dryRun) throw new Error('expected a rollout');
      await advanceRollout(runner(agent), created.rolloutId);
      await agent.answerAll();
      await advanceRollout(runner(agent), created.rolloutId);
      await agent.answerAll();
      await advanceRollout(runner(agent), created.rolloutId);
      const view = await getRollout(caller(), { rolloutId: created.rolloutId });
      expect(view.sites[0]?.ecus?.[0]).toMatchObject({
        outcome: 'succeeded',
        restart: restartConfirmed ? 'sent' : 'notConfirmed',
      });
    }
    expect(agent.sent.map((s) => [s.siteId, s.command.kind])).toEqual([
      ['sr-yes', 'changeConfiguration'],
      ['sr-yes', 'reset'],
      ['sr-no', 'changeConfiguration'],
    ]);
  });

  it('refuses a rollout with a blocked site (field-named, nothing written) and callers without the permission', async () => {
    const sites = [lightSite('b-ok'), lightSite('b-bad')];
    await seed(sites);
    // Above the EVSE Sub-Distribution Limit: a new error at every site.
    const tooHigh = operatorLimit(40);
    const dry = await createRollout(caller(), { siteIds: ['b-ok', 'b-bad'], change: tooHigh, dryRun: true });
    expect(dry.sites.every((s) => s.blocked && s.newFindings.some((f) => f.severity === 'error'))).toBe(true);
    const refused = createRollout(caller(), { siteIds: ['b-ok', 'b-bad'], change: tooHigh, dryRun: false });
    await expect(refused).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(refused).rejects.toMatchObject({ issues: [{ path: 'siteIds.0' }, { path: 'siteIds.1' }] });
    await expect(
      createRollout(caller(), {
        siteIds: ['b-ok'],
        change: { kind: 'parameter', param: 'dlmSampleRate', value: -1 },
        dryRun: true,
      }),
    ).rejects.toMatchObject({
      issues: [{ path: 'change.value' }],
    });
    expect(await repos().rollouts.list(50)).not.toContainEqual(expect.objectContaining({ change: tooHigh }));
    const viewer = { ...caller(), principal: aUser(ORG, 'viewer') };
    await expect(
      createRollout(viewer, { siteIds: ['b-ok'], change: operatorLimit(20), dryRun: true }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
