import { describe, expect, it } from 'vitest';
import type { ConfigDrift } from './diff';
import { ecuProgress, inFlight, type CommandState, type EcuApplyRun } from './apply-run';

// An ECU's progress is derived from its commands and its latest report, never stored twice.

const change = (param: 'currentImbalanceLimit' | 'operatorEvseSubDistributionLimit', commandId: string) => ({
  param,
  key: param,
  name: param,
  display: '20',
  apply: param === 'currentImbalanceLimit' ? ('saveAndRestart' as const) : ('runtime' as const),
  commandId,
});
function anEcuRun(over: Partial<EcuApplyRun> = {}): EcuApplyRun {
  return {
    chargePointId: 'cp1',
    stationId: 'st',
    firmware: '4.61',
    changes: [change('operatorEvseSubDistributionLimit', 'c1')],
    held: [],
    unsendable: [],
    resetPlanned: false,
    ...over,
  };
}
const driftOf = (keys: ConfigDrift['drifted'][number]['key'][]): ConfigDrift => ({
  firmware: '4.61',
  drifted: keys.map((key) => ({
    key,
    name: key,
    status: 'changed',
    desired: '1',
    reported: '2',
    apply: 'runtime',
  })),
  notApplicable: [],
  unverifiable: [],
  invalid: [],
  unknownNames: [],
  inSync: keys.length === 0,
});
const commands = (entries: Record<string, CommandState['status']>) =>
  new Map(Object.entries(entries).map(([id, status]) => [id, { status }]));
const before = { now: '2026-01-01T00:00:00.000Z', deadline: '2026-01-01T00:15:00.000Z' };
const after = { ...before, now: '2026-01-01T00:15:00.000Z' };

describe('ecuProgress', () => {
  it('goes sent → waiting-for-report → done as the command is answered and the ECU reports the value', () => {
    const ecu = anEcuRun();
    const stale = driftOf(['operatorEvseSubDistributionLimit']);
    expect(ecuProgress(ecu, commands({}), stale, before).status).toBe('sent');
    expect(ecuProgress(ecu, commands({ c1: 'pending' }), stale, before).status).toBe('sent');
    expect(ecuProgress(ecu, commands({ c1: 'accepted' }), stale, before).status).toBe('waiting-for-report');
    const done = ecuProgress(ecu, commands({ c1: 'accepted' }), driftOf([]), before);
    expect(done.status).toBe('done');
    expect(done.changes[0]?.reported).toBe(true);
  });

  it('stays done when a later save wants another value, and waits while the ECU still reports an older one', () => {
    const ecu = anEcuRun(); // sent '20'
    const drifted = (reported: string): ConfigDrift => {
      const d = driftOf(['operatorEvseSubDistributionLimit']);
      return { ...d, drifted: d.drifted.map((e) => ({ ...e, desired: '6', reported })) };
    };
    // The ECU reports the 20 this run sent; the new desired 6 is the next run's business.
    expect(ecuProgress(ecu, commands({ c1: 'accepted' }), drifted('20'), before).status).toBe('done');
    // Still the old value: this run has not landed yet.
    expect(ecuProgress(ecu, commands({ c1: 'accepted' }), drifted('16'), before).status).toBe(
      'waiting-for-report',
    );
  });

  it('fails or rejects on the command result, and fails what is still open at the deadline', () => {
    const ecu = anEcuRun();
    const stale = driftOf(['operatorEvseSubDistributionLimit']);
    expect(ecuProgress(ecu, commands({ c1: 'rejected' }), stale, before).status).toBe('rejected');
    expect(ecuProgress(ecu, commands({ c1: 'expired' }), stale, before).status).toBe('failed');
    expect(ecuProgress(ecu, commands({ c1: 'pending' }), stale, after).status).toBe('failed');
    expect(ecuProgress(ecu, commands({ c1: 'accepted' }), stale, after).status).toBe('failed');
    expect(
      ecuProgress(anEcuRun({ sendError: 'charge point unknown' }), commands({}), stale, before),
    ).toMatchObject({
      status: 'failed',
      detail: 'charge point unknown',
    });
  });

  it('makes a confirmed Reset due once every change is answered, then waits for it', () => {
    const ecu = anEcuRun({ changes: [change('currentImbalanceLimit', 'c1')], resetPlanned: true });
    const stale = driftOf(['currentImbalanceLimit']);
    expect(ecuProgress(ecu, commands({ c1: 'pending' }), stale, before).resetDue).toBe(false);
    expect(ecuProgress(ecu, commands({ c1: 'accepted' }), stale, before)).toMatchObject({
      status: 'accepted',
      resetDue: true,
    });
    const resetting = { ...ecu, resetCommandId: 'r1' };
    expect(ecuProgress(resetting, commands({ c1: 'accepted', r1: 'pending' }), stale, before)).toMatchObject({
      status: 'sent',
      resetDue: false,
    });
    expect(
      ecuProgress(resetting, commands({ c1: 'accepted', r1: 'accepted' }), driftOf([]), before).status,
    ).toBe('done');
    expect(
      ecuProgress(resetting, commands({ c1: 'accepted', r1: 'rejected' }), driftOf([]), before).status,
    ).toBe('failed');
  });

  it("ends 'reboot-required' when Save & Restart changes were held back", () => {
    const ecu = anEcuRun({
      held: [
        {
          param: 'currentImbalanceLimit',
          name: 'Current Imbalance Limit',
          display: '20',
          apply: 'saveAndRestart',
        },
      ],
      holdReason: 'transactionRunning',
    });
    const progress = ecuProgress(
      ecu,
      commands({ c1: 'accepted' }),
      driftOf(['currentImbalanceLimit']),
      before,
    );
    expect(progress.status).toBe('reboot-required');
    expect(inFlight(progress.status)).toBe(false);
  });
});
