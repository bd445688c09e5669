import { describe, expect, it } from 'vitest';
import { aSite, anAmedio, anAmtron } from '../config/builders';
import { firmwareMix, fleetDrift, siteDrift } from './rollup';
import { renderConfig } from './normalise';

describe('drift roll-up', () => {
  const site = aSite({ stations: [anAmedio({ firmware: '4.53-1' }), anAmtron({ firmware: '4.61-1' })] });

  it('rolls up per site: in sync, drifted, unreported, firmware mix', () => {
    const [master, satellite] = site.stations[0]?.ecus ?? [];
    const report = siteDrift(site, {
      'amedio-1-cp1': { config: renderConfig(master?.config ?? {}, '4.53') },
      'amedio-1-cp2': {
        firmware: '4.61-2',
        config: {
          'Phase connected to the Charge Point': 'Three-phase system',
          'Phase rotation of the Charge Point': 'R/S/T (L1/L2/L3)',
        },
      },
    });
    expect(satellite?.config.phaseRotation).toBe('STR');
    expect(report.counts).toEqual({
      ecus: 3,
      inSync: 1,
      drifted: 1,
      unreported: 1,
      driftedParameters: 1,
      notApplicable: 0,
    });
    expect(report.firmwareMix).toEqual({ '4.53': 1, '4.61': 2 });
  });

  it('rolls up a fleet and its firmware mix', () => {
    const one = siteDrift(site, {});
    const fleet = fleetDrift([one, one]);
    expect(fleet.counts.ecus).toBe(6);
    expect(fleet.counts.unreported).toBe(6);
    expect(fleet.firmwareMix).toEqual({ '4.53': 4, '4.61': 2 });
    expect(firmwareMix([site, aSite({ stations: [anAmtron({ firmware: 'bogus' })] })])).toEqual({
      '4.53': 2,
      '4.61': 1,
      unknown: 1,
    });
  });
});
