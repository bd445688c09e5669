import { describe, expect, it } from 'vitest';
import { pauseChargingCommand, resumeChargingCommand } from '../commands/pause-charging';
import type { Command } from '../contracts/commands';
import { ownerDashboard, pauseStates, type OwnerCommand } from './owner-dashboard';
import type { TransactionRecord } from './sessions';
import type { SiteLiveView } from './view';

const now = new Date('2026-12-03T08:00:00.000Z'); // 09:00 in Berlin
type ChargePoint = SiteLiveView['chargePoints'][number];

const aChargePoint = (over: Partial<ChargePoint> & { chargePointId: string }): ChargePoint => ({
  online: true,
  seenAt: now.toISOString(),
  connectors: [{ connectorId: 1, status: 'Available', errorCode: 'NoError' }],
  ...over,
});
const aSite = (over: Partial<SiteLiveView> = {}): SiteLiveView => ({
  siteId: 'site-1',
  name: 'Lindenweg 12',
  totalCurrentImport: { l1: 0, l2: 0, l3: 0 },
  dlmNetworks: [],
  chargePoints: [],
  generatedAt: now.toISOString(),
  ...over,
});
const aTransaction = (over: Partial<TransactionRecord>): TransactionRecord => ({
  orgId: 'org',
  siteId: 'site-1',
  chargePointId: 'cp-1',
  transactionId: 1,
  startedAt: '2026-12-01T10:00:00.000Z',
  ...over,
});
const aCommand = (
  body: Record<string, unknown>,
  over: Partial<OwnerCommand> & { issuedAt: string },
): OwnerCommand => ({
  chargePointId: 'cp-1',
  status: 'accepted',
  command: { ...body, v: 1, commandId: 'x', deadline: now.toISOString(), chargePointId: 'cp-1' } as Command,
  ...over,
});
const build = (over: {
  site?: SiteLiveView;
  transactions?: TransactionRecord[];
  commands?: OwnerCommand[];
}) =>
  ownerDashboard({
    site: over.site ?? aSite(),
    transactions: over.transactions ?? [],
    commands: over.commands ?? [],
    timeZone: 'Europe/Berlin',
    now,
  });

describe('the owner dashboard', () => {
  it("counts today's sessions and the month's energy per local day (site time zone)", () => {
    const d = build({
      transactions: [
        // 23:30 UTC on 2 December is 00:30 on 3 December in Berlin: today.
        aTransaction({
          transactionId: 1,
          startedAt: '2026-12-02T23:30:00Z',
          stoppedAt: '2026-12-03T01:00:00Z',
          energyWh: 7000,
        }),
        aTransaction({
          transactionId: 2,
          startedAt: '2026-12-01T09:00:00Z',
          stoppedAt: '2026-12-01T10:00:00Z',
          meterStartWh: 100,
          meterStopWh: 3100,
        }),
        // Before the month (30 November, 23:00 UTC = 00:00 1 December Berlin is in; 22:59 is not).
        aTransaction({
          transactionId: 3,
          startedAt: '2026-11-30T22:59:00Z',
          stoppedAt: '2026-12-01T02:00:00Z',
          energyWh: 9999,
        }),
        aTransaction({
          transactionId: 4,
          startedAt: '2026-11-30T23:00:00Z',
          stoppedAt: '2026-12-01T02:00:00Z',
          energyWh: 1000,
        }),
        // Running now: its energy so far comes from the connector.
        aTransaction({ transactionId: 5, chargePointId: 'cp-2', startedAt: '2026-12-03T07:00:00Z' }),
      ],
      site: aSite({
        chargePoints: [
          aChargePoint({
            chargePointId: 'cp-2',
            connectors: [
              {
                connectorId: 1,
                status: 'Charging',
                activePowerW: 11000,
                sessionEnergyWh: 2500,
                session: { transactionId: 5, startedAt: '2026-12-03T07:00:00Z', idTagMasked: '•••123' },
              },
            ],
          }),
        ],
      }),
    });
    expect(d.today).toEqual({ day: '2026-12-03', sessions: 2, energyWh: 9500 });
    expect(d.month.days).toEqual([
      { day: '2026-12-01', energyWh: 4000 },
      { day: '2026-12-02', energyWh: 0 },
      { day: '2026-12-03', energyWh: 9500 },
    ]);
    expect(d.month.energyWh).toBe(13500);
    expect(d.power.chargingW).toBe(11000);
    expect(d.chargePoints[0]).toMatchObject({ state: 'charging', powerW: 11000, sessionEnergyWh: 2500 });
  });

  it('shows the limit only when every DLM network reports one, and the drawn sums per phase', () => {
    const network = (id: string, effective?: { l1: number; l2: number; l3: number }) => ({
      networkId: id,
      masterChargePointId: `${id}-m`,
      state: {
        sampleRateS: 5,
        limits: effective ? { effective, effectiveSource: ['operator'] } : {},
        externalMeter: { mode: 'off', configured: false, usingFallback: false },
        offered: { l1: 0, l2: 0, l3: 0 },
        drawn: { l1: 10, l2: 8, l3: 0 },
        imbalance: { drawn: 10, exceeded: false },
      },
    });
    const both = build({
      site: aSite({
        dlmNetworks: [network('a', { l1: 32, l2: 32, l3: 32 }), network('b', { l1: 16, l2: 16, l3: 16 })],
      }),
    });
    expect(both.current).toEqual({
      drawn: { l1: 20, l2: 16, l3: 0 },
      limit: { l1: 48, l2: 48, l3: 48 },
      limitSource: ['operator'],
    });
    const partial = build({
      site: aSite({ dlmNetworks: [network('a', { l1: 32, l2: 32, l3: 32 }), network('b')] }),
    });
    expect(partial.current.limit).toBeUndefined();
    expect(build({}).schedule).toBeNull();
  });

  it('says paused when the owner paused a charge point and the car waits for power', () => {
    const site = aSite({
      chargePoints: [
        aChargePoint({ chargePointId: 'cp-1', connectors: [{ connectorId: 1, status: 'SuspendedEVSE' }] }),
        aChargePoint({ chargePointId: 'cp-2', connectors: [{ connectorId: 1, status: 'SuspendedEVSE' }] }),
      ],
    });
    const d = build({
      site,
      commands: [aCommand(pauseChargingCommand(now), { issuedAt: '2026-12-03T07:00:00Z' })],
    });
    expect(d.chargePoints.map((c) => c.state)).toEqual(['paused', 'waitingForPower']);
  });

  it('the newest pause or resume decides; failed ones are flagged and do not count', () => {
    const pause = pauseChargingCommand(now);
    const resume = resumeChargingCommand();
    const states = pauseStates([
      aCommand(pause, { issuedAt: '2026-12-03T07:00:00Z' }),
      aCommand(resume, { issuedAt: '2026-12-03T07:10:00Z', status: 'expired' }),
      aCommand(pause, { chargePointId: 'cp-2', issuedAt: '2026-12-03T07:00:00Z', status: 'pending' }),
      aCommand({ kind: 'reset', type: 'Soft' }, { chargePointId: 'cp-3', issuedAt: '2026-12-03T07:00:00Z' }),
    ]);
    expect(states.get('cp-1')).toEqual({ paused: true, failed: 'resume' });
    expect(states.get('cp-2')).toEqual({ paused: true, pending: 'pause' });
    expect(states.has('cp-3')).toBe(false);
  });

  it('lists faults in owner terms: error codes, offline charge points, a disconnected meter', () => {
    const d = build({
      site: aSite({
        chargePoints: [
          aChargePoint({
            chargePointId: 'cp-1',
            connectors: [
              {
                connectorId: 1,
                status: 'Faulted',
                errorCode: 'GroundFailure',
                statusAt: '2026-12-03T06:00:00Z',
              },
            ],
          }),
          aChargePoint({
            chargePointId: 'cp-2',
            connectors: [{ connectorId: 1, status: 'Charging', errorCode: 'HighTemperature' }],
          }),
          aChargePoint({ chargePointId: 'cp-3', online: false, seenAt: '2026-12-02T06:00:00Z' }),
          aChargePoint({
            chargePointId: 'cp-4',
            connectors: [{ connectorId: 1, status: 'Faulted', errorCode: 'VendorSpecific' }],
          }),
        ],
        dlmNetworks: [
          {
            networkId: 'n',
            masterChargePointId: 'cp-1',
            meter: { model: 'PAC2200', connected: false, fault: 'timeout' },
          },
        ],
      }),
    });
    expect(d.faults.map((f) => [f.code, f.chargePointId, f.blocking])).toEqual([
      ['GroundFailure', 'cp-1', true],
      ['HighTemperature', 'cp-2', false],
      ['Offline', 'cp-3', true],
      ['OtherError', 'cp-4', true],
      ['MeterDisconnected', 'cp-1', false],
    ]);
    expect(d.chargePoints.map((c) => c.state)).toEqual(['faulted', 'charging', 'offline', 'faulted']);
  });
});
