// Demo site ↔ a real ocpp-rpc central system: EVs come and go, the stand-in DLM keeps the supply limit.
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from './demo-site';
import { startOcppTestServer, type ReceivedCall } from './ocpp-test-server';
import { mulberry32 } from './random';

describe('demo site', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('brings EVs in and out on several charge points and keeps each phase within the supply limit', async () => {
    const server = await startOcppTestServer();
    cleanups.push(() => server.close());
    const supplyLimitA = 32;
    const site: DemoSite = await startDemoSite({
      endpoint: server.endpoint,
      siteId: 'demo-1',
      supplyLimitA,
      random: mulberry32(2026),
      timeScale: 40,
      meterValueIntervalS: 0.1,
      dlmPeriodS: 0.2,
      chargePoints: [
        { id: 'AMEDIO-1-CP1', phaseConnection: 'threePhase', phaseRotation: 'RST', ratedCurrentA: 32 },
        { id: 'AMEDIO-1-CP2', phaseConnection: 'threePhase', phaseRotation: 'STR', ratedCurrentA: 32 },
        { id: 'AMEDIO-2-CP1', phaseConnection: 'threePhase', phaseRotation: 'STR', ratedCurrentA: 32 },
        { id: 'AMTRON-1', phaseConnection: 'singlePhase', phaseRotation: 'TRS', ratedCurrentA: 16 },
      ],
    });
    cleanups.push(() => site.stop());

    let worstPhaseA = 0;
    const sampler = setInterval(() => {
      const load = site.evLoadA();
      worstPhaseA = Math.max(worstPhaseA, load.l1, load.l2, load.l3);
    }, 20);
    cleanups.push(() => Promise.resolve(clearInterval(sampler)));

    const charging = (c: ReceivedCall): boolean =>
      c.method === 'StatusNotification' && c.params.connectorId === 1 && c.params.status === 'Charging';
    const first = await server.calls.waitFor(charging, { timeoutMs: 30_000, what: 'a first EV charging' });
    await server.calls.waitFor((c) => charging(c) && c.identity !== first.identity, {
      timeoutMs: 60_000,
      what: 'a second charge point charging',
    });
    await server.calls.waitFor((c) => c.method === 'StopTransaction', {
      timeoutMs: 60_000,
      what: 'an EV leaving',
    });

    expect(worstPhaseA).toBeGreaterThan(0);
    expect(worstPhaseA).toBeLessThanOrEqual(supplyLimitA);
  });
});
