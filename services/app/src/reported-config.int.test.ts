import { forOrg, type FleetStore } from '@ampfleet/adapters';
import { diffConfig, ReportedConfigRecord, reportedConfigOf } from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReportedConfig } from '../../../test/support/message-builders';
import { startTestStore, type TestStore } from '../../../test/support/dynamo';
import { ingestTelemetry } from './index';

// Reported configuration through the one ingest path (ingestTelemetry → forOrg repositories → one
// DynamoDB transaction) on a real DynamoDB Local: idempotent (a replayed message is written once) and
// ordered (a late, older snapshot never overwrites a newer one).

let store: TestStore;
let fleet: FleetStore;
const clock = { now: () => new Date('2026-11-24T12:00:00.000Z') };
const ctxOf = (orgId: string) => ({
  repos: forOrg(orgId, fleet),
  clock,
  settings: { heartbeatIntervalS: 60 },
});
const ingest = (orgId: string, siteId: string, message: ReturnType<typeof aReportedConfig>) =>
  ingestTelemetry(ctxOf(orgId), { siteId, message });

const sampleRate = (value: string) => [
  { param: 'dlmSampleRate' as const, key: 'DLM Algorithm Sample Rate', readonly: false, value },
];
const reportedItems = async () =>
  (await store.scanAll()).filter((i) => String(i.sk).startsWith('CONFIG#REPORTED#'));

beforeAll(async () => {
  store = await startTestStore('ampfleet-reported-config');
  fleet = { doc: store.clients.doc, table: store.table };
});
afterAll(() => store.stop());

describe('reported configuration ingest', () => {
  it('stores a snapshot once: replaying the same message is a duplicate, not a second write', async () => {
    const message = aReportedConfig({ chargePointId: 'cp-1', observedAt: '2026-11-24T10:00:00.000Z' });
    expect(await ingest('org-a', 'site-1', message)).toBe('applied');
    expect(await ingest('org-a', 'site-1', message)).toBe('duplicate');
    expect(await ingest('org-a', 'site-1', structuredClone(message))).toBe('duplicate');
    const items = await reportedItems();
    expect(items).toHaveLength(1);
    const records = await ctxOf('org-a').repos.reportedConfig.get('site-1');
    expect(records).toEqual([
      {
        siteId: 'site-1',
        chargePointId: 'cp-1',
        messageId: message.messageId,
        readAt: message.observedAt,
        firmwareVersion: message.firmwareVersion,
        catalogVersion: '4.61',
        sequence: 1,
        trigger: 'boot',
        parameters: message.parameters,
        otherKeys: message.otherKeys,
      },
    ]);
    expect(ReportedConfigRecord.parse(records[0])).toEqual(records[0]);
  });

  it('ignores an older snapshot that arrives after a newer one (by read time, then sequence)', async () => {
    const at = (t: string, sequence: number, value: string) =>
      aReportedConfig({ chargePointId: 'cp-2', observedAt: t, sequence, parameters: sampleRate(value) });
    expect(await ingest('org-a', 'site-1', at('2026-11-24T10:05:00.000Z', 3, '60'))).toBe('applied');
    expect(await ingest('org-a', 'site-1', at('2026-11-24T10:04:00.000Z', 9, '45'))).toBe('stale');
    // The same instant in another offset is not newer.
    expect(await ingest('org-a', 'site-1', at('2026-11-24T11:05:00.000+01:00', 2, '15'))).toBe('stale');
    const value = async () =>
      (await ctxOf('org-a').repos.reportedConfig.get('site-1')).find((r) => r.chargePointId === 'cp-2')
        ?.parameters[0]?.value;
    expect(await value()).toBe('60');
    expect(await ingest('org-a', 'site-1', at('2026-11-24T10:05:00.000Z', 4, '90'))).toBe('applied');
    expect(await value()).toBe('90');
    expect(await ingest('org-a', 'site-1', at('2026-11-24T10:06:00.000Z', 0, '120'))).toBe('applied');
    expect(await value()).toBe('120');
  });

  it('replaces the snapshot whole: a field of an older snapshot does not linger', async () => {
    const first = aReportedConfig({ chargePointId: 'cp-3', otherKeysOmitted: 4, sequence: 1 });
    const {
      firmwareVersion: _dropped,
      catalogVersion: _also,
      ...second
    } = aReportedConfig({
      chargePointId: 'cp-3',
      observedAt: '2026-11-24T10:30:00.000Z',
      sequence: 2,
      trigger: 'schedule',
    });
    await ingest('org-a', 'site-2', first);
    expect(await ingest('org-a', 'site-2', second)).toBe('applied');
    const [record] = await ctxOf('org-a').repos.reportedConfig.get('site-2');
    expect(record).not.toHaveProperty('otherKeysOmitted');
    expect(record).not.toHaveProperty('firmwareVersion');
    expect(record?.trigger).toBe('schedule');
  });

  it("returns only the organisation's records, per ECU, ready for the drift", async () => {
    expect(await ctxOf('org-b').repos.reportedConfig.get('site-1')).toEqual([]);
    const records = await ctxOf('org-a').repos.reportedConfig.get('site-1');
    expect(records.map((r) => r.chargePointId)).toEqual(['cp-1', 'cp-2']);
    const [cp2] = records.filter((r) => r.chargePointId === 'cp-2');
    const report = reportedConfigOf(cp2 ?? { parameters: [] });
    expect(diffConfig({ dlmSampleRate: 120 }, report.config, report.firmware ?? '4.61').inSync).toBe(true);
  });
});
