import { describe, expect, it } from 'vitest';
import { AllocationInputError, allocationInputJsonSchema, parseAllocationInput } from './schema';
import { aCharger, aNetworkOf, aSite } from './testing/builders';

describe('allocation input schema', () => {
  it('applies the manual defaults: min 6 A, unknown phases, R/S/T, meter off, imbalance 20 A off', () => {
    const site = aSite({ dlmNetworks: [aNetworkOf([aCharger()])] });
    const network = site.dlmNetworks[0];
    const cp = network?.supplyLines[0]?.chargePoints[0];
    expect(cp?.ev).toMatchObject({ minCurrent: 6, phasesInUse: 'unknown', measuredCurrent: [0, 0, 0] });
    expect(cp?.phaseRotation).toBe('RST');
    expect(network?.externalMeter).toEqual({ location: 'off' });
    expect(network?.imbalancePrevention).toEqual({ enabled: false, limit: 20 });
  });

  it('reports bad input with the path of the bad field', () => {
    const bad = { siteId: 's', mainConnectionLimit: [32, 32, -1], dlmNetworks: [] };
    expect(() => parseAllocationInput(bad)).toThrow(AllocationInputError);
    try {
      parseAllocationInput(bad);
    } catch (error) {
      expect((error as AllocationInputError).issues[0]?.path).toBe('mainConnectionLimit.2');
    }
  });

  it('rejects duplicate ids anywhere in the tree', () => {
    const twin = aCharger({ id: 'cp-twin' });
    expect(() => aSite({ dlmNetworks: [aNetworkOf([twin, { ...twin }])] })).toThrow(/duplicate id 'cp-twin'/);
  });

  it('exports as JSON Schema for partners', () => {
    const schema = allocationInputJsonSchema();
    expect(schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['siteId', 'dlmNetworks']) as unknown,
    });
    expect(JSON.stringify(schema)).toContain('includingEvseSubDistribution');
  });
});
