import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useCase4 } from '../planning/templates';
import { aSite, anAmedio, anAmtron } from './builders';
import { commissioningSheet, CommissioningSheet } from './commissioning-sheet';
import { maskSecrets, splitSecrets } from './desired-secrets';
import type { Site } from './site';

function withSecrets(site: Site, operator: string, basic: string): Site {
  return {
    ...site,
    stations: site.stations.map((s) => ({
      ...s,
      ecus: s.ecus.map((e) => ({
        ...e,
        credentials: { user: 'operator', password: operator },
        config: { ...e.config, httpBasicAuthPassword: basic },
      })),
    })),
  };
}

describe('commissioning sheet', () => {
  it('names each parameter and option as the ECU’s own firmware does', () => {
    const site = aSite({
      stations: [
        anAmedio({ id: 'old', firmware: '4.53-5500-abcdef012', config: { networkMode: 'static' } }),
        anAmtron({ id: 'new', config: { networkMode: 'static' } }),
      ],
    });
    const sheet = commissioningSheet(site);
    const mode = (cp: number) =>
      sheet.ecus[cp]?.groups.find((g) => g.id === 'network')?.rows.find((r) => r.key === 'networkMode');
    expect(sheet.ecus.map((e) => [e.stationId, e.position, e.catalogVersion])).toEqual([
      ['old', 'master', '4.53'],
      ['old', 'satellite', '4.53'],
      ['new', 'single', '4.61'],
    ]);
    expect(mode(0)).toMatchObject({ name: 'Mode for network configuration', value: 'Manual config' });
    expect(mode(2)).toMatchObject({ name: 'Mode for ethernet configuration', value: 'Static' });
    expect(CommissioningSheet.parse(sheet)).toEqual(sheet);
  });

  it('lays the §7.4 template out in the manual’s groups: phases, network, gateway, OCPP, DLM', () => {
    const sheet = commissioningSheet(useCase4({ option: 2 }));
    const ecu = sheet.ecus[0];
    expect(ecu?.groups.map((g) => g.id)).toEqual(['phases', 'network', 'gateway', 'ocpp', 'dlm']);
    const dlm = ecu?.groups.find((g) => g.id === 'dlm')?.rows ?? [];
    expect(dlm.find((r) => r.key === 'evseSubDistributionLimit')).toMatchObject({
      name: 'EVSE Sub-Distribution Limit (L1/L2/L3) [A]',
      unit: 'A',
      saveAndRestart: true,
    });
    expect(dlm.find((r) => r.key === 'externalMeterLocation')?.value).toBeDefined();
  });

  it('never carries a secret, whole or masked; it says whether one is set', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }).map((s) => `Op-S3cret-${s}`),
        fc.string({ maxLength: 30 }).map((s) => `Basic-S3cret-${s}`),
        (operator, basic) => {
          const site = withSecrets(aSite({ stations: [anAmedio()] }), operator, basic);
          const { site: stripped, secrets } = splitSecrets(site);
          for (const input of [site, maskSecrets(stripped, secrets)]) {
            const sheet = commissioningSheet(input);
            const text = JSON.stringify(sheet);
            expect(text.includes(JSON.stringify(operator).slice(1, -1))).toBe(false);
            expect(text.includes(JSON.stringify(basic).slice(1, -1))).toBe(false);
            for (const ecu of sheet.ecus) {
              expect(ecu).toMatchObject({ operatorUser: 'operator', operatorPasswordSet: true });
              const row = ecu.groups.flatMap((g) => g.rows).find((r) => r.key === 'httpBasicAuthPassword');
              expect(row).toMatchObject({ secret: true, secretSet: true });
              expect(row?.value).toBeUndefined();
            }
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
