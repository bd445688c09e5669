import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { auditSite, edgeConfigOf, simulatorsOf } from '@ampfleet/domain';
import { EdgeConfig } from '@ampfleet/edge-agent';
import { describe, expect, it } from 'vitest';
import { DemoSiteError, demoChargePointIds, demoSites, loadDemoSite } from './demo-fleet';

// The demo fleet is site configuration (../demo-sites/*.json); the demo runs what is projected from it.

describe('demo fleet as site configurations', () => {
  it('keeps the demo sites, names and charge points the tests and the console rely on', () => {
    expect(demoSites.map((s) => [s.id, s.name, demoChargePointIds(s)])).toEqual([
      ['depot-nord', 'Depot Nord', ['dn-a1-l', 'dn-a1-r', 'dn-a2-l', 'dn-a2-r', 'dn-a3-l', 'dn-a3-r']],
      ['lindenweg-12', 'Apartment building Lindenweg 12', ['lw-t1', 'lw-t2']],
      ['parkhaus-altstadt', 'Parkhaus Altstadt', ['pa-a1-l', 'pa-a1-r', 'pa-a2-l', 'pa-a2-r', 'pa-t1']],
    ]);
    for (const site of demoSites) {
      expect(site.address).toBeTruthy();
      expect(site.tags.length).toBeGreaterThan(0);
      expect(site.timeZone).toBe('Europe/Berlin');
    }
  });

  it('keeps each site’s characteristics: supply line, operator limit, master firmware, phase wiring', () => {
    const byId = Object.fromEntries(demoSites.map((s) => [s.id, simulatorsOf(s)]));
    expect(byId['depot-nord']?.dlm).toMatchObject({ subDistributionLimitA: 63, operatorLimitA: 63 });
    expect(byId['parkhaus-altstadt']?.dlm).toMatchObject({ subDistributionLimitA: 100, operatorLimitA: 80 });
    expect(byId['lindenweg-12']?.dlm).toMatchObject({ subDistributionLimitA: 32, operatorLimitA: 32 });
    expect(byId['depot-nord']?.ecus[0]).toMatchObject({
      id: 'dn-a1-l',
      firmwareVersion: '4.61-5630-1a2b3c4d',
    });
    expect(byId['lindenweg-12']?.ecus[1]).toMatchObject({
      id: 'lw-t2',
      phaseConnection: 'singlePhase',
      phaseRotation: 'STR',
      ratedCurrentA: 16,
    });
    // §3.2 plan for three AMEDIOs: R/S/T,S/T/R | S/T/R,T/R/S | T/R/S,R/S/T.
    expect(byId['depot-nord']?.ecus.map((e) => e.phaseRotation)).toEqual([
      'RST',
      'STR',
      'STR',
      'TRS',
      'TRS',
      'RST',
    ]);
    for (const sims of Object.values(byId)) expect(sims.meter?.model).toBe('PAC2200');
  });

  it('has at least one deliberate audit finding for the console, and no error elsewhere', () => {
    const findings = Object.fromEntries(demoSites.map((s) => [s.id, auditSite(s)]));
    expect(findings['depot-nord']?.map((f) => [f.severity, f.ruleId])).toContainEqual([
      'error',
      'dlm.uc4-operator-current-sum',
    ]);
    for (const id of ['parkhaus-altstadt', 'lindenweg-12'])
      expect(findings[id]?.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('projects to an edge agent configuration the agent accepts', () => {
    for (const site of demoSites) {
      const ids = demoChargePointIds(site);
      const config = EdgeConfig.parse(
        edgeConfigOf(site, {
          orgId: 'demo',
          ocpp: { host: '127.0.0.1', port: 9000 },
          passwordHashes: Object.fromEntries(ids.map((id) => [id, 'scrypt$c2FsdA==$aGFzaA=='])),
          mqtt: { url: 'mqtt://127.0.0.1:1883' },
          meterEndpoint: () => ({ host: '127.0.0.1', port: 1502 }),
        }),
      );
      expect(config.dlm?.networks).toEqual([
        expect.objectContaining({
          id: 'dlm-0',
          masterChargePointId: ids[0],
          chargePointIds: ids,
          sampleRateS: 5,
        }),
      ]);
    }
  });

  it('rejects a bad site file naming the file and the field', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'demo-site-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ ...demoSites[0], timeZone: 'Nowhere/Land' }));
    expect(() => loadDemoSite(file)).toThrow(DemoSiteError);
    expect(() => loadDemoSite(file)).toThrow(/bad\.json: timeZone/);
  });
});
