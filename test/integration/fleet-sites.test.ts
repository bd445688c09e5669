import { createDynamoClients, createLogger, readFleet } from '@ampfleet/adapters';
import { HealthResponse } from '@ampfleet/domain';
import {
  DEMO_ORG_ID,
  demoChargePointIds,
  demoSites,
  freePort,
  lightSites,
  secondOrgSites,
  startLocalStack,
  type LocalStack,
} from '@ampfleet/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/wait';

// `npm start -- --sites N` at a small N: the lightweight sites' telemetry goes broker → router →
// ingest handler → DynamoDB Local, and /api/health counts them beside the demo fleet.
const SITES = 50;
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    consolePort: await freePort(),
    quiet: true,
    sites: SITES,
    log: createLogger('test', () => undefined),
  });
});

afterAll(async () => {
  await stack?.stop();
});

const health = async () => HealthResponse.parse(await (await fetch(`${stack.consoleUrl}/api/health`)).json());

describe('lightweight sites in the local stack', () => {
  const catalog = lightSites(SITES);
  const lightChargePoints = catalog.reduce((n, s) => n + s.chargePoints.length, 0);
  const demoChargePoints = demoSites.reduce((n, s) => n + demoChargePointIds(s).length, 0);

  it('counts every lightweight site and charge point, and the demo fleet, in /api/health', async () => {
    const h = await eventually(
      async () => {
        const r = await health();
        return r.chargePoints === lightChargePoints + demoChargePoints ? r : undefined;
      },
      `${lightChargePoints} + ${demoChargePoints} charge points in /api/health`,
      170_000,
    );
    expect(h).toMatchObject({ status: 'ok', sites: SITES + demoSites.length + secondOrgSites().length });
  });

  it('stores each site with its catalog name, address and tags, and its charge points from their boot', async () => {
    const { raw, doc } = createDynamoClients({ region: 'eu-central-1', endpoint: stack.dynamoEndpoint });
    try {
      const fleet = await readFleet(doc, stack.tableName, DEMO_ORG_ID);
      const site = catalog[SITES - 1];
      if (!site) throw new Error('empty catalog');
      const stored = fleet.sites.find((s) => s.siteId === site.siteId) as Record<string, unknown> | undefined;
      expect(stored).toMatchObject({ name: site.name, address: site.address, tags: site.tags });
      const cps = fleet.chargePoints.filter((cp) => cp.siteId === site.siteId);
      expect(cps.map((cp) => cp.chargePointId).sort()).toEqual(site.chargePoints.map((cp) => cp.id).sort());
      // Vendor and firmware arrive only in the boot telemetry, i.e. through the ingest handler.
      expect(cps.every((cp) => cp.vendor === 'MENNEKES' && cp.firmwareVersion !== undefined)).toBe(true);
    } finally {
      raw.destroy();
    }
  });
});
