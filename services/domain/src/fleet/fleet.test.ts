import { describe, expect, it } from 'vitest';
import { planIngest } from './ingest-plan';
import { buildFleetView } from './view';

const env = {
  v: 1 as const,
  messageId: 'abcdef12',
  chargePointId: 'cp-1',
  observedAt: '2026-11-24T10:00:00.000Z',
};

describe('planIngest', () => {
  it('orders connector state by its own timestamp and charge-point facts by seenAt', () => {
    expect(
      planIngest({ ...env, type: 'status', connectorId: 1, status: 'Charging', errorCode: 'NoError' })
        .changes,
    ).toEqual([
      {
        target: { kind: 'connector', connectorId: 1 },
        orderedBy: 'statusAt',
        at: env.observedAt,
        set: { status: 'Charging', errorCode: 'NoError' },
      },
    ]);
    const boot = planIngest({ ...env, type: 'boot', vendor: 'MENNEKES', model: 'AMTRON' });
    expect(boot.changes[0]).toMatchObject({
      target: { kind: 'chargePoint' },
      orderedBy: 'seenAt',
      set: { bootedAt: env.observedAt },
    });
    expect(planIngest({ ...env, type: 'heartbeat' }).changes).toEqual([]);
  });
});

describe('buildFleetView', () => {
  const now = new Date('2026-11-24T10:10:00Z');
  it('nests, sorts, sums per-phase currents and marks charge points online by heartbeat age', () => {
    const view = buildFleetView(
      {
        sites: [
          { orgId: 'o', siteId: 'b', name: 'B' },
          { orgId: 'o', siteId: 'a', name: 'A' },
        ],
        chargePoints: [
          { orgId: 'o', siteId: 'a', chargePointId: 'cp-2', seenAt: '2026-11-24T10:09:00Z' },
          { orgId: 'o', siteId: 'a', chargePointId: 'cp-1', seenAt: '2026-11-24T09:00:00Z' },
        ],
        connectors: [
          {
            orgId: 'o',
            siteId: 'a',
            chargePointId: 'cp-2',
            connectorId: 1,
            currentImport: { l1: 10, l2: 0, l3: 0 },
          },
          {
            orgId: 'o',
            siteId: 'a',
            chargePointId: 'cp-1',
            connectorId: 1,
            currentImport: { l1: 6, l2: 6, l3: 6 },
          },
          { orgId: 'o', siteId: 'a', chargePointId: 'cp-2', connectorId: 0 },
        ],
      },
      { now, heartbeatIntervalS: 60 },
    );
    expect(view.map((s) => s.siteId)).toEqual(['a', 'b']);
    expect(view[0]?.chargePoints.map((c) => [c.chargePointId, c.online])).toEqual([
      ['cp-1', false],
      ['cp-2', true],
    ]);
    expect(view[0]?.chargePoints[1]?.connectors.map((c) => c.connectorId)).toEqual([0, 1]);
    expect(view[0]?.totalCurrentImport).toEqual({ l1: 16, l2: 6, l3: 6 });
    expect(view[1]?.chargePoints).toEqual([]);
  });
});
