import { describe, expect, it } from 'vitest';
import { auditSite } from '../audit/engine';
import type { StationModel } from '../config/hardware';
import { PlanningError } from './errors';
import { planNetwork } from './network-plan';
import { buildSite } from './site-builder';

const stations = (
  n: number,
  model: StationModel = 'AMTRON Professional+',
  firmware = '4.53-5412-d6a2288f6',
) => Array.from({ length: n }, (_, i) => ({ id: `cs-${i + 1}`, model, firmware }));
const url = 'ws://192.168.22.183';

describe('network plan', () => {
  it('reproduces the §5.3 example: static IPs, gateway first, its IP as static gateway elsewhere', () => {
    const [lan] = planNetwork({ stations: stations(3), backend: 'sim', backendUrl: url });
    expect(lan?.addressing).toBe('static');
    expect(
      lan?.stations.map((s) => [
        s.config.networkMode,
        s.config.staticIp,
        s.config.staticNetmask,
        s.config.staticGateway,
      ]),
    ).toEqual([
      ['static', '192.168.0.2', '255.255.255.0', ''],
      ['static', '192.168.0.3', '255.255.255.0', '192.168.0.2'],
      ['static', '192.168.0.4', '255.255.255.0', '192.168.0.2'],
    ]);
    expect(
      lan?.stations.map((s) => [s.config.connectionType, s.config.wanRouter, s.config.ocppMode]),
    ).toEqual([
      ['gsm', true, 'ocppJ16'],
      ['ethernet', false, 'ocppJ16'],
      ['ethernet', false, 'ocppJ16'],
    ]);
  });

  it('reproduces the §4.1.1 table on 4.61: the gateway is the DHCP server, the others DHCP clients', () => {
    const [lan] = planNetwork({
      stations: stations(3, 'AMTRON Professional+', '4.61-1'),
      backend: 'sim',
      backendUrl: url,
    });
    expect(lan?.stations.map((s) => s.config.networkMode)).toEqual(['dhcpServer', 'auto', 'auto']);
  });

  it('reproduces §4.1.2: local internet with the router as DHCP server, all DHCP clients', () => {
    const [lan] = planNetwork({
      stations: stations(3, 'AMTRON Professional', '4.61-1'),
      backend: 'localInternet',
      backendUrl: url,
    });
    expect(lan?.gatewayStationId).toBeUndefined();
    expect(
      lan?.stations.map((s) => [s.config.networkMode, s.config.connectionType, s.config.wanRouter]),
    ).toEqual(Array(3).fill(['auto', 'ethernet', false]));
  });

  it('puts at most 50 charge points behind one SIM, one gateway per LAN', () => {
    const lans = planNetwork({
      stations: stations(60, 'AMEDIO Professional+'),
      backend: 'sim',
      backendUrl: url,
    });
    expect(lans.map((l) => l.stations.length)).toEqual([25, 25, 10]);
    expect(lans.map((l) => l.stations[0]?.config.staticIp)).toEqual([
      '192.168.0.2',
      '192.168.1.2',
      '192.168.2.2',
    ]);
    const site = buildSite({
      mainA: 5000,
      backend: 'sim',
      lines: [{ ratingA: 5000, stations: Array.from({ length: 60 }, () => 'AMEDIO Professional+' as const) }],
    });
    expect(auditSite(site).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('refuses a SIM network without a modem station, and DHCP+SIM before 4.61', () => {
    expect(() =>
      planNetwork({ stations: stations(2, 'AMEDIO Professional'), backend: 'sim', backendUrl: url }),
    ).toThrow(PlanningError);
    expect(() =>
      planNetwork({ stations: stations(2), backend: 'sim', addressing: 'dhcp', backendUrl: url }),
    ).toThrow(/4.61/);
  });
});
