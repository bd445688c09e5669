import { describe, expect, it } from 'vitest';
import { meterReading, networkLimits } from './limits';
import { aCharger, aNetworkOf, anEv, aSite, all3 } from './testing/builders';

const networkOf = (overrides: Parameters<typeof aNetworkOf>[1], chargers = [aCharger()]) => {
  const network = aSite({ dlmNetworks: [aNetworkOf(chargers, overrides)] }).dlmNetworks[0];
  if (network === undefined) throw new Error('no network');
  return network;
};

describe('effective DLM network limit', () => {
  it('§7.1: the operator limit applies when lower, and is clamped to the sub-distribution limit', () => {
    expect(
      networkLimits(networkOf({ subDistributionLimit: all3(100), operatorLimit: [80, 120, 100] })),
    ).toMatchObject({
      capacity: [80, 100, 100],
      source: ['operator', 'subDistribution', 'subDistribution'],
    });
  });

  it('§9: an active downgrade reduces the sub-distribution limit by |offset|, never below 0', () => {
    const limits = networkLimits(
      networkOf({ subDistributionLimit: [100, 10, 100], downgrade: { active: true, offset: [16, 16, -16] } }),
    );
    expect(limits.capacity).toEqual([84, 0, 84]);
    expect(limits.source).toEqual(['downgrade', 'downgrade', 'downgrade']);
  });

  it('§7.4.1 excluding: main limit − headroom − averaged reading', () => {
    const meter = {
      location: 'excludingEvseSubDistribution' as const,
      mainDistributionLimit: all3(100),
      headroom: all3(10),
      connected: true,
      samples: [
        [20, 40, 60],
        [40, 40, 80],
      ] as [number, number, number][],
    };
    const limits = networkLimits(networkOf({ subDistributionLimit: all3(200), externalMeter: meter }));
    expect(limits.capacity).toEqual([60, 50, 20]);
    expect(limits.externalLoad).toEqual([30, 40, 70]);
  });

  it("§7.4.2 including: the EVs' measured draw (through their rotation) is not external load", () => {
    const meter = {
      location: 'includingEvseSubDistribution' as const,
      mainDistributionLimit: all3(100),
      connected: true,
      samples: [[50, 50, 50]] as [number, number, number][],
    };
    const ev = aCharger({ phaseRotation: 'STR', ev: anEv({ measuredCurrent: [16, 0, 0] }) });
    const limits = networkLimits(networkOf({ subDistributionLimit: all3(200), externalMeter: meter }, [ev]));
    expect(limits.externalLoad).toEqual([50, 34, 50]);
    expect(limits.capacity).toEqual([50, 66, 50]);
  });

  it.each([
    { fallback: 0, capacity: [100, 100, 100] },
    { fallback: 9999, capacity: [0, 0, 0] },
  ])(
    'meter disconnected: fallback $fallback replaces the reading (§7.4 help text, not the table)',
    ({ fallback, capacity }) => {
      const meter = {
        location: 'excludingEvseSubDistribution' as const,
        mainDistributionLimit: all3(100),
        fallback: all3(fallback),
        connected: false,
        samples: [all3(10)],
      };
      expect(
        networkLimits(networkOf({ subDistributionLimit: all3(200), externalMeter: meter })).capacity,
      ).toEqual(capacity);
    },
  );

  it('a connected meter without samples counts as lost', () => {
    const meter = {
      location: 'excludingEvseSubDistribution' as const,
      mainDistributionLimit: all3(100),
      fallback: all3(7),
      headroom: all3(0),
      connected: true,
      samples: [],
    };
    expect(meterReading(meter)).toEqual([7, 7, 7]);
  });
});
