import { createLogger, forOrg, type FleetStore } from '@ampfleet/adapters';
import { aSite, splitSecrets, sumContributions, withEcuConfig } from '@ampfleet/domain';
import { startTableStreamRouter, type TableStreamRouter } from '@ampfleet/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReportedConfig } from '../support/message-builders';
import { startTestStore, TEST_REGION, useStoreEnv, type TestStore } from '../support/dynamo';

// The local stand-in for "table stream → event source mapping → Lambda": DynamoDB Local's real stream,
// read by the router, calls the audit-drift handler module (the one infra deploys) for desired-head and
// reported-config changes only; what it stores follows the latest save and snapshot.

let store: TestStore;
let fleet: FleetStore;
let router: TableStreamRouter;
const handled: string[] = [];

beforeAll(async () => {
  store = await startTestStore('ampfleet-stream-router');
  fleet = { doc: store.clients.doc, table: store.table };
  useStoreEnv(store);
  router = await startTableStreamRouter({
    dynamo: store.clients.raw,
    endpoint: store.dynamo.endpoint,
    region: TEST_REGION,
    table: store.table,
    log: createLogger('test', () => undefined),
    idlePollMs: 50,
    onHandled: (module, record) => handled.push(`${module} ${record.dynamodb?.Keys?.sk?.S}`),
  });
});
afterAll(async () => {
  await router.close();
  await store.stop();
});

const version = (site: ReturnType<typeof aSite>, n: number) => ({
  ...splitSecrets(site),
  version: n,
  savedAt: `2026-12-01T10:00:0${n}.000Z`,
  savedBy: 'test',
  changes: [],
});

describe('table stream router', () => {
  it('runs the audit-drift handler on desired and reported changes, never on its own writes', async () => {
    const repos = forOrg('org-s', fleet);
    const site = aSite({ id: 'streamed' });
    expect(await repos.desiredConfig.save(site.id, version(site, 1), undefined)).toBe('saved');
    await router.idle();
    expect((await repos.configAudit.get(site.id))?.basis.desiredVersion).toBe(1);

    // A second version whose ECU reports a different sample rate than desired: drift, once reported.
    const station = withEcuConfig(site.stations[0]!, 0, { dlmSampleRate: 60 });
    const changed = { ...site, stations: [station] };
    expect(await repos.desiredConfig.save(site.id, version(changed, 2), 1)).toBe('saved');
    const cp = station.ecus[0]!.chargePointId;
    const snapshot = aReportedConfig({ chargePointId: cp, observedAt: '2026-12-01T10:00:05.000Z' });
    expect(await repos.telemetry.apply(site.id, snapshot, Math.floor(Date.now() / 1000))).toBe('applied');
    await router.idle();

    const stored = await repos.configAudit.get(site.id);
    expect(stored?.basis.desiredVersion).toBe(2);
    expect(Object.keys(stored?.basis.reported ?? {})).toEqual([cp]);
    expect(
      stored?.drift.ecus.find((e) => e.chargePointId === cp)?.drift?.drifted.map((d) => d.key),
    ).toContain('dlmSampleRate');
    expect(handled).toEqual([
      'audit-drift CONFIG#DESIRED',
      'audit-drift CONFIG#DESIRED',
      `audit-drift CONFIG#REPORTED#${cp}`,
    ]);
    const { counters } = await repos.configAudit.rollup();
    expect(counters).toEqual(sumContributions([stored!.contribution]));
    expect(counters['parameter#dlmSampleRate']).toBe(1);
  });
});
