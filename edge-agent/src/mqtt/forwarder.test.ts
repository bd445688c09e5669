import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@ampfleet/runtime/log';
import type { TelemetryMessage } from '@ampfleet/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aMeterValues } from '../../../test/support/builders';
import { openJournal, type Journal } from '../journal/journal';
import { startForwarder, type Forwarder } from './forwarder';
import type { Uplink } from './uplink';

/** An uplink whose PUBACKs and connection drops the test controls. */
class FakeUplink implements Uplink {
  connected = true;
  readonly published: { energyWh: number | undefined; ack: () => void; fail: () => void }[] = [];
  private readonly listeners: ((connected: boolean) => void)[] = [];
  publish(payload: string): Promise<void> {
    const message = JSON.parse(payload) as TelemetryMessage;
    return new Promise((resolve, reject) =>
      this.published.push({
        energyWh: message.type === 'meterValues' ? message.energyImportWh : undefined,
        ack: resolve,
        fail: () => reject(new Error('connection lost')),
      }),
    );
  }
  onConnectionChange(listener: (connected: boolean) => void): void {
    this.listeners.push(listener);
  }
  setConnected(connected: boolean): void {
    this.connected = connected;
    this.listeners.forEach((l) => l(connected));
  }
  async close(): Promise<void> {}
}

const settle = () => new Promise((r) => setTimeout(r, 50));
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await settle();
  expect(condition()).toBe(true);
};

let dir: string;
let journal: Journal;
let forwarder: Forwarder | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-forwarder-'));
  journal = await openJournal({ dir });
});
afterEach(async () => {
  await forwarder?.stop();
  await journal.close();
  await rm(dir, { recursive: true, force: true });
});

describe('forwarder', () => {
  it('keeps at most `window` in flight and deletes an entry only after its PUBACK', async () => {
    const uplink = new FakeUplink();
    for (let e = 1; e <= 6; e++) await journal.append(aMeterValues({ energyImportWh: e }));
    forwarder = startForwarder(
      journal,
      uplink,
      createLogger('test', () => undefined),
      { window: 4 },
    );
    await until(() => uplink.published.length === 4);
    await settle();
    expect(uplink.published.map((p) => p.energyWh)).toEqual([1, 2, 3, 4]);
    expect(journal.stats().entries).toBe(6);
    uplink.published[0]?.ack();
    uplink.published[1]?.ack();
    await until(() => uplink.published.length === 6 && journal.stats().entries === 4);
    expect(uplink.published.map((p) => p.energyWh)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('after a dropped connection resumes from the oldest un-acked entry, in order, and loses nothing', async () => {
    const uplink = new FakeUplink();
    for (let e = 1; e <= 5; e++) await journal.append(aMeterValues({ energyImportWh: e }));
    forwarder = startForwarder(
      journal,
      uplink,
      createLogger('test', () => undefined),
      { window: 10 },
    );
    await until(() => uplink.published.length === 5);
    uplink.published[0]?.ack();
    uplink.setConnected(false);
    uplink.published.slice(1).forEach((p) => p.fail());
    await journal.append(aMeterValues({ energyImportWh: 6 })); // journaled while offline
    await settle();
    expect(uplink.published).toHaveLength(5);
    uplink.setConnected(true);
    await until(() => uplink.published.length === 10);
    expect(uplink.published.slice(5).map((p) => p.energyWh)).toEqual([2, 3, 4, 5, 6]);
    uplink.published.slice(5).forEach((p) => p.ack());
    expect(await forwarder.drained(10_000)).toBe(true);
    expect(journal.stats()).toEqual({ entries: 0, bytes: 0 });
  });
});
