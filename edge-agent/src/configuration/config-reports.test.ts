// When the agent reads an ECU's configuration, on fake timers (deterministic; nothing depends on machine
// speed): after its boot, on the schedule, and once more after a burst of changes — never two reads of
// one ECU at a time. The end-to-end path over OCPP is test/integration/reported-config.test.ts.
import { createLogger } from '@ampfleet/runtime/log';
import type { MessageOf, TelemetryMessage } from '@ampfleet/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aBoot } from '../../../test/support/builders';
import type { ServerClient } from '../ocpp/rpc';
import { READ_AFTER_BOOT_MS, startConfigReports, type ConfigReports } from './config-reports';

const quiet = createLogger('test', () => undefined);
const INTERVAL_S = 600;

describe('configuration reports', () => {
  let journaled: MessageOf<'reportedConfig'>[];
  let calls: { method: string; params: object }[];
  let pending: (() => void)[];
  let connected: boolean;
  let reports: ConfigReports;

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 24, 10, 0, 0) });
    journaled = [];
    calls = [];
    pending = [];
    connected = true;
    const ecu = {
      identity: 'CP-1',
      // Each reply waits until the test releases it, so a read can be held in flight.
      call: (method: string, params: object) => {
        calls.push({ method, params });
        return new Promise((resolve) =>
          pending.push(() =>
            resolve({
              configurationKey: [
                { key: 'DLM Algorithm Sample Rate', readonly: false, value: String(calls.length * 10) },
                { key: 'HeartbeatInterval', readonly: false, value: '300' },
              ],
            }),
          ),
        );
      },
    } as unknown as ServerClient;
    reports = startConfigReports({
      client: () => (connected ? ecu : undefined),
      append: (m: TelemetryMessage) => {
        if (m.type === 'reportedConfig') journaled.push(m);
        return Promise.resolve();
      },
      log: quiet,
      intervalS: INTERVAL_S,
    });
  });
  afterEach(() => {
    reports.stop();
    vi.useRealTimers();
  });

  const release = async () => {
    for (const answer of pending.splice(0)) answer();
    await vi.advanceTimersByTimeAsync(0);
  };
  const boot = async () => {
    reports.observe(
      aBoot({ chargePointId: 'CP-1', firmwareVersion: '4.53-5412-d6a2288f6' }),
      Promise.resolve(),
    );
    await vi.advanceTimersByTimeAsync(READ_AFTER_BOOT_MS);
  };

  it('reads every key once the boot answer is out, mapped for the firmware of the boot', async () => {
    await vi.advanceTimersByTimeAsync(READ_AFTER_BOOT_MS * 4);
    expect(calls).toEqual([]);
    await boot();
    expect(calls).toEqual([{ method: 'GetConfiguration', params: {} }]);
    await release();
    expect(journaled).toHaveLength(1);
    expect(journaled[0]).toMatchObject({
      chargePointId: 'CP-1',
      trigger: 'boot',
      sequence: 1,
      catalogVersion: '4.53',
      parameters: [{ param: 'dlmSampleRate', value: '10' }],
      otherKeys: [{ key: 'HeartbeatInterval', value: '300' }],
    });
  });

  it('reads again every intervalS after the last read', async () => {
    await boot();
    await release();
    await vi.advanceTimersByTimeAsync(INTERVAL_S * 1000 - 1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await release();
    expect(journaled.map((m) => [m.trigger, m.sequence])).toEqual([
      ['boot', 1],
      ['schedule', 2],
    ]);
  });

  it('answers a burst of changes during a read with one more read, which follows the last change', async () => {
    await boot();
    reports.changed('CP-1');
    reports.changed('CP-1');
    reports.changed('CP-1');
    expect(calls).toHaveLength(1); // never two reads of one ECU at a time
    await release();
    expect(calls).toHaveLength(2);
    await release();
    expect(journaled.map((m) => m.trigger)).toEqual(['boot', 'change']);
    expect(journaled[1]?.parameters[0]?.value).toBe('20');
  });

  it('does not read an ECU that is not connected, nor schedule it until it boots again', async () => {
    connected = false;
    await boot();
    await vi.advanceTimersByTimeAsync(INTERVAL_S * 2000);
    expect(calls).toEqual([]);
    expect(await reports.read('CP-1', 'change')).toBe(false);
  });
});
