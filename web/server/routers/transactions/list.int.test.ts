import { applyTelemetry } from '@ampfleet/adapters';
import { aUser, type TelemetryMessage } from '@ampfleet/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMeterValues } from '../../../../test/support/builders';
import { startTestStore, useStoreEnv, type TestStore } from '../../../../test/support/dynamo';
import { contextFor, createCallerFactory } from '../../trpc';
import { appRouter } from '../_app';

// transactions.list and the session columns of sites.get through createCaller against DynamoDB Local.
let store: TestStore;
const callerFor = (orgId: string) => createCallerFactory(appRouter)(contextFor(aUser(orgId)));
const envelope = (messageId: string, observedAt: string) => ({
  v: 1 as const,
  messageId,
  chargePointId: 'A-1',
  observedAt,
});

beforeAll(async () => {
  store = await startTestStore('ampfleet-web-tx');
  useStoreEnv(store);
  process.env.AMPFLEET_CONSOLE_ORG_ID = 'unused-by-createCaller';
  const put = (message: TelemetryMessage) =>
    applyTelemetry(store.clients.doc, store.table, {
      orgId: 'org-a',
      siteId: 'a-site',
      message,
      nowEpochS: 0,
    });
  await put({
    ...envelope('tx-start-1', '2026-11-24T09:00:00.000Z'),
    type: 'transactionStarted',
    transactionId: 7,
    connectorId: 1,
    idTag: 'DEP-CARD-01',
    idTagStatus: 'Accepted',
    meterStartWh: 10_000,
    startedAt: '2026-11-24T09:00:00.000Z',
  });
  await put(
    aMeterValues({
      messageId: 'meter-after-start',
      chargePointId: 'A-1',
      observedAt: '2026-11-24T09:30:00.000Z',
      energyImportWh: 13_250,
    }),
  );
});
afterAll(() => store.stop());

describe('transactions.list and sites.get sessions', () => {
  it('shows the running session with a masked idTag and the energy so far', async () => {
    const fleet = await callerFor('org-a').sites.get({ siteId: 'a-site' });
    const connector = fleet.chargePoints[0]?.connectors[0];
    expect(connector).toMatchObject({
      session: { transactionId: 7, idTagMasked: '••••••-01' },
      sessionEnergyWh: 3250,
    });
    expect(JSON.stringify(fleet)).not.toContain('DEP-CARD-01');
  });

  it("lists the site's transactions to its organisation only, idTags masked", async () => {
    const own = await callerFor('org-a').transactions.list({ siteId: 'a-site' });
    expect(own.transactions).toMatchObject([
      { transactionId: 7, chargePointId: 'A-1', idTagMasked: '••••••-01' },
    ]);
    expect(JSON.stringify(own)).not.toContain('DEP-CARD-01');
    // Another organisation's site looks like no site at all.
    await expect(callerFor('org-b').transactions.list({ siteId: 'a-site' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('names the bad field of a bad request', async () => {
    await expect(callerFor('org-a').transactions.list({ siteId: 'a/site' })).rejects.toThrow('siteId');
  });
});
