// The DLM monitor's publishing policy, on fake timers (deterministic; nothing depends on machine speed):
// one message per burst of changes, the sample rate otherwise, GetConfiguration with the firmware's keys.
import { createLogger } from '@ampfleet/runtime/log';
import { renderDlmOcppConfig, type TelemetryMessage } from '@ampfleet/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aBoot, aStatus } from '../../../test/support/builders';
import type { ServerClient } from '../ocpp/rpc';
import { CHANGE_DEBOUNCE_MS, CONFIG_READ_AFTER_BOOT_MS, startDlmMonitor, type DlmMonitor } from './monitor';

const network = {
  id: 'net-1',
  masterChargePointId: 'M',
  chargePointIds: ['M', 'S'],
  sampleRateS: 30,
  configReadIntervalS: 900,
};
const quiet = createLogger('test', () => undefined);

describe('DLM monitor', () => {
  let published: TelemetryMessage[];
  let asked: unknown[];
  let monitor: DlmMonitor;
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 24, 10, 0, 0) });
    published = [];
    asked = [];
    const served = renderDlmOcppConfig(
      {
        dlmSampleRate: 10,
        evseSubDistributionLimit: { l1: 63, l2: 63, l3: 63 },
        externalLoadFallback: { l1: 5, l2: 5, l3: 5 },
      },
      '4.61',
    );
    const master = {
      identity: 'M',
      call: (_method: string, params: object) => {
        asked.push(params);
        return Promise.resolve({
          configurationKey: Object.entries(served).map(([key, value]) => ({ key, value, readonly: false })),
        });
      },
    } as unknown as ServerClient;
    monitor = startDlmMonitor({
      networks: [network],
      sink: (m) => Promise.resolve(void published.push(m)),
      log: quiet,
      client: (id) => (id === 'M' ? master : undefined),
    });
  });
  afterEach(() => {
    monitor.stop();
    vi.useRealTimers();
  });
  const states = () => published.filter((m) => m.type === 'dlmState');

  it('publishes a burst of changes once, after the debounce', async () => {
    for (const [i, status] of (['Preparing', 'Charging', 'SuspendedEV'] as const).entries())
      monitor.observe(
        aStatus({ chargePointId: 'S', status, observedAt: new Date(Date.now() + i).toISOString() }),
      );
    await vi.advanceTimersByTimeAsync(CHANGE_DEBOUNCE_MS - 1);
    expect(states()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(states()).toHaveLength(1);
    expect(states()[0]).toMatchObject({ chargePoints: [{ id: 'M' }, { id: 'S', status: 'SuspendedEV' }] });
    // A repeat of the same status is no change: nothing until the sample period.
    monitor.observe(
      aStatus({
        chargePointId: 'S',
        status: 'SuspendedEV',
        observedAt: new Date(Date.now() + 5).toISOString(),
      }),
    );
    await vi.advanceTimersByTimeAsync(29_000);
    expect(states()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(states()).toHaveLength(2);
  });

  it('reads the master’s configuration after its boot with the firmware’s key names, then uses its sample rate', async () => {
    monitor.observe(
      aBoot({
        chargePointId: 'M',
        firmwareVersion: '4.61-5630-1a2b3c4d',
        observedAt: new Date().toISOString(),
      }),
    );
    // The configuration is asked for after the boot reply; its values go out after the debounce.
    await vi.advanceTimersByTimeAsync(CONFIG_READ_AFTER_BOOT_MS + CHANGE_DEBOUNCE_MS);
    expect(asked).toHaveLength(1);
    const keys = (asked[0] as { key: string[] }).key;
    expect(keys).toContain('External Load Fallback');
    expect(keys).not.toContain('External Meter Disconnected Fallback');
    const last = states().at(-1);
    expect(last).toMatchObject({
      firmwareVersion: '4.61-5630-1a2b3c4d',
      sampleRateS: 10,
      limits: { effective: { l1: 63 } },
    });
    const count = states().length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(states()).toHaveLength(count + 1);
  });

  it('re-reads the configuration every configReadIntervalS', async () => {
    await vi.advanceTimersByTimeAsync(900_000);
    expect(asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(900_000);
    expect(asked).toHaveLength(2);
  });
});
