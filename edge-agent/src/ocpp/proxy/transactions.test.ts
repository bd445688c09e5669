import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relayedStart, toLocal, toUpstream } from './transactions';

// Translation of transaction ids across the proxy, against a map built from arbitrary id pairs.
const pairs = fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e9 })), {
  minLength: 1,
  maxLength: 20,
  selector: ([local]) => local,
});

function maps(list: [number, number][]) {
  const up = new Map(list);
  const down = new Map(list.map(([l, u]) => [u, l]));
  return {
    upstreamOf: (id: number) => Promise.resolve(up.get(id)),
    localOf: (id: number) => Promise.resolve(down.get(id)),
  };
}

describe('transaction ids across the proxy', () => {
  it('translate Stop and MeterValues to the upstream id and RemoteStop back to the local one', async () => {
    await fc.assert(
      fc.asyncProperty(
        pairs.filter((list) => new Set(list.map(([, u]) => u)).size === list.length),
        fc.nat(),
        async (list, pick) => {
          const [local, upstream] = list[pick % list.length] ?? [0, 0];
          const { upstreamOf, localOf } = maps(list);
          const stop = await toUpstream(
            'StopTransaction',
            { transactionId: local, meterStop: 5 },
            upstreamOf,
          );
          expect(stop.params).toEqual({ transactionId: upstream, meterStop: 5 });
          const meter = await toUpstream('MeterValues', { connectorId: 1, transactionId: local }, upstreamOf);
          expect(meter.params.transactionId).toBe(upstream);
          const back = await toLocal('RemoteStopTransaction', { transactionId: upstream }, localOf);
          expect(back.params).toEqual({ transactionId: local });
        },
      ),
    );
  });

  it('leaves other methods alone and reports ids it cannot translate', async () => {
    const { upstreamOf, localOf } = maps([[1, 9001]]);
    const start = { connectorId: 1, idTag: 'A', meterStart: 0, timestamp: '2026-11-24T08:00:00Z' };
    expect((await toUpstream('StartTransaction', start, upstreamOf)).params).toBe(start);
    expect(await toUpstream('StopTransaction', { transactionId: 2 }, upstreamOf)).toEqual({
      params: { transactionId: 2 },
      unmapped: 2,
    });
    // Optional in MeterValues: dropped rather than sent as an id the upstream would misattribute.
    expect(await toUpstream('MeterValues', { connectorId: 1, transactionId: 2 }, upstreamOf)).toEqual({
      params: { connectorId: 1 },
      unmapped: 2,
    });
    const profile = { csChargingProfiles: { chargingProfileId: 1, transactionId: 9001 }, connectorId: 1 };
    expect((await toLocal('SetChargingProfile', profile, localOf)).params).toEqual({
      connectorId: 1,
      csChargingProfiles: { chargingProfileId: 1, transactionId: 1 },
    });
  });

  it("answers the ECU's StartTransaction with the upstream's idTagInfo and the local id", () => {
    const upstream = { idTagInfo: { status: 'Blocked' }, transactionId: 9001 };
    expect(relayedStart(upstream, { idTagInfo: { status: 'Accepted' }, transactionId: 7 })).toEqual({
      idTagInfo: { status: 'Blocked' },
      transactionId: 7,
    });
  });
});
