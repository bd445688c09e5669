import { describe, expect, it } from 'vitest';
import { auditSite } from '../audit/engine';
import type { StationModel } from '../config/hardware';
import { buildSite } from './site-builder';
import { planPhaseRotation } from './phase-plan';

describe('phase rotation plan (§3.2)', () => {
  it('reproduces the §3.2 table for four AMEDIOs', () => {
    const plan = planPhaseRotation(
      [1, 2, 3, 4].map((n) => ({ id: `amedio-${n}`, model: 'AMEDIO Professional+' as const })),
    );
    expect(plan.map((p) => [p.terminalConnection, ...p.chargePoints.map((cp) => cp.rotation)])).toEqual([
      ['RST', 'RST', 'STR'], // AMEDIO 1: CP1 L1 L2 L3, CP2 L2 L3 L1
      ['STR', 'STR', 'TRS'], // AMEDIO 2: CP1 L2 L3 L1, CP2 L3 L1 L2
      ['TRS', 'TRS', 'RST'], // AMEDIO 3: CP1 L3 L1 L2, CP2 L1 L2 L3
      ['RST', 'RST', 'STR'], // AMEDIO 4 (cf. AMEDIO 1)
    ]);
  });

  it('spreads AMTRONs and mixed sites evenly', () => {
    const amtrons = planPhaseRotation(
      [1, 2, 3].map((n) => ({ id: `t${n}`, model: 'AMTRON Professional' as const })),
    );
    expect(amtrons.map((p) => p.chargePoints[0]?.rotation)).toEqual(['RST', 'STR', 'TRS']);
    const mixed = planPhaseRotation([
      { id: 'a', model: 'AMEDIO Professional' },
      { id: 't', model: 'AMTRON Professional' },
    ]);
    expect(mixed.flatMap((p) => p.chargePoints.map((cp) => cp.rotation))).toEqual(['RST', 'STR', 'TRS']);
  });

  it('keeps a single-phase AMEDIO on R/S/T for both ECUs (§3.3)', () => {
    const [plan] = planPhaseRotation([{ id: 'a', model: 'AMEDIO Professional', singlePhase: true }]);
    expect(plan?.chargePoints).toEqual([
      { position: 'master', phaseConnection: 'singlePhase', rotation: 'RST' },
      { position: 'satellite', phaseConnection: 'singlePhase', rotation: 'RST' },
    ]);
  });

  it('gives a site that passes the balanced-supply rule for any count of stations', () => {
    for (let n = 1; n <= 9; n++) {
      const stations = Array.from({ length: n }, (_, i): StationModel =>
        i % 3 === 1 ? 'AMTRON Professional' : 'AMEDIO Professional',
      );
      const site = buildSite({ mainA: 1000, lines: [{ ratingA: 1000, stations }] });
      expect(auditSite(site).filter((f) => f.ruleId.startsWith('phases.'))).toEqual([]);
    }
  });
});
