// The manual's use cases (§7.1–§7.4, §8, §9) as tests, plus the edge cases of the issue.
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate';
import { aCharger, aLine, aNetwork, aNetworkOf, anEv, aSite, aSiteWith, all3 } from './testing/builders';

const currents = (input: Parameters<typeof allocate>[0]): number[] =>
  allocate(input).chargePoints.map((c) => c.current);

describe('§7.1 use case 1: AMEDIO on a 32 A supply line', () => {
  const network = { subDistributionLimit: all3(32), operatorLimit: all3(32) };
  it('gives one EV the full 32 A', () => {
    expect(currents(aSiteWith([aCharger(), aCharger({ ev: undefined })], network))).toEqual([32, 0]);
  });
  it('gives two EVs 16 A each', () => {
    expect(currents(aSiteWith([aCharger(), aCharger()], network))).toEqual([16, 16]);
  });
});

describe('§7.2 use case 2: several charging points on one 100 A line', () => {
  it('lets everyone charge at full power until the line is full, then shares it', () => {
    const four = [aCharger(), aCharger(), aCharger()];
    expect(currents(aSiteWith(four, { subDistributionLimit: all3(100) }))).toEqual([32, 32, 32]);
    const seven = Array.from({ length: 7 }, () => aCharger());
    const result = allocate(aSiteWith(seven, { subDistributionLimit: all3(100) }));
    expect(result.chargePoints.map((c) => c.current)).toEqual([15, 15, 14, 14, 14, 14, 14]);
    expect(result.nodes[1]?.load).toEqual([100, 100, 100]);
  });
});

describe('§7.3 use case 3: two DLM networks behind one main connection', () => {
  it('keeps each network in its own limit and the site in the main connection limit', () => {
    const site = aSite({
      mainConnectionLimit: all3(120),
      dlmNetworks: [
        aNetworkOf([aCharger(), aCharger(), aCharger(), aCharger()], { subDistributionLimit: all3(100) }),
        aNetworkOf([aCharger(), aCharger()], { subDistributionLimit: all3(100) }),
      ],
    });
    const result = allocate(site);
    expect(result.chargePoints.map((c) => c.current)).toEqual([20, 20, 20, 20, 20, 20]);
    expect(result.nodes[0]?.load).toEqual([120, 120, 120]);
    expect(result.chargePoints[0]?.reason).toMatchObject({ kind: 'nodeLimit', nodeId: site.siteId });
  });
});

describe('§7.4 use case 4: external meter', () => {
  const meter = (
    location: 'excludingEvseSubDistribution' | 'includingEvseSubDistribution',
    samples: [number, number, number][],
  ) => ({
    location,
    mainDistributionLimit: all3(100),
    headroom: all3(5),
    fallback: all3(50),
    connected: true,
    samples,
  });
  it('option 1 (excluding): available = main limit − headroom − averaged external load', () => {
    const site = aSiteWith([aCharger(), aCharger()], {
      subDistributionLimit: all3(100),
      externalMeter: meter('excludingEvseSubDistribution', [all3(60), all3(70)]),
    });
    expect(currents(site)).toEqual([15, 15]);
    const result = allocate(site);
    expect(result.chargePoints[0]?.reason).toMatchObject({ source: 'externalMeter' });
    // The network reports the averaged external load and its effective limit, imbalance prevention off.
    expect(result.nodes[1]).toMatchObject({
      kind: 'dlmNetwork',
      externalLoad: [65, 65, 65],
      limit: [30, 30, 30],
    });
    expect(result.nodes[0]?.externalLoad).toEqual([0, 0, 0]);
  });
  it("option 2 (including): the EVs' own draw is not external load", () => {
    const charging = anEv({ measuredCurrent: all3(16), offeredCurrent: 16 });
    const site = aSiteWith([aCharger({ ev: charging }), aCharger({ ev: { ...charging } })], {
      subDistributionLimit: all3(100),
      externalMeter: meter('includingEvseSubDistribution', [all3(97)]),
    });
    // external = 97 − 32 = 65 → available = 100 − 5 − 65 = 30
    expect(currents(site)).toEqual([15, 15]);
    expect(allocate(site).nodes[1]?.externalLoad).toEqual([65, 65, 65]);
  });
  it.each([
    { fallback: 0, expected: [16, 16] },
    { fallback: 9999, expected: [0, 0] },
  ])('meter lost: fallback $fallback replaces the reading (firmware help text)', ({ fallback, expected }) => {
    const site = aSiteWith([aCharger(), aCharger()], {
      subDistributionLimit: all3(32),
      externalMeter: {
        location: 'excludingEvseSubDistribution',
        mainDistributionLimit: all3(100),
        fallback: all3(fallback),
        connected: false,
      },
    });
    expect(currents(site)).toEqual(expected);
  });
});

describe('§8 current imbalance prevention', () => {
  it('limits a single-phase EV to the imbalance limit', () => {
    const site = aSiteWith([aCharger({ ev: anEv({ phasesInUse: 1 }) })], {
      subDistributionLimit: all3(100),
      imbalancePrevention: { enabled: true, limit: 20 },
    });
    const [cp] = allocate(site).chargePoints;
    expect(cp?.current).toBe(20);
    expect(cp?.reason).toMatchObject({ kind: 'imbalance', heavyPhase: 'L1' });
  });
  it('balances single-phase EVs spread over the phases by rotation', () => {
    const oneph = (phaseRotation: 'RST' | 'STR' | 'TRS') =>
      aCharger({ phaseRotation, ev: anEv({ phasesInUse: 1 }) });
    const site = aSiteWith([oneph('RST'), oneph('STR'), oneph('TRS')], {
      subDistributionLimit: all3(100),
      imbalancePrevention: { enabled: true, limit: 20 },
    });
    expect(currents(site)).toEqual([32, 32, 32]);
  });
});

describe('§9 downgrade', () => {
  it('reduces the sub-distribution limit by the offset while the input is active', () => {
    const chargers = Array.from({ length: 4 }, () => aCharger());
    const network = { subDistributionLimit: all3(100), operatorLimit: all3(100) };
    expect(
      currents(aSiteWith(chargers, { ...network, downgrade: { active: true, offset: all3(16) } })),
    ).toEqual([21, 21, 21, 21]);
    expect(
      currents(aSiteWith(chargers, { ...network, downgrade: { active: true, offset: all3(-16) } })),
    ).toEqual([21, 21, 21, 21]);
    expect(
      currents(aSiteWith(chargers, { ...network, downgrade: { active: false, offset: all3(16) } })),
    ).toEqual([25, 25, 25, 25]);
  });
  it('never takes the limit below 0', () => {
    const site = aSiteWith([aCharger()], {
      subDistributionLimit: all3(10),
      downgrade: { active: true, offset: all3(16) },
    });
    expect(allocate(site).nodes[1]?.limit).toEqual([0, 0, 0]);
  });
});

describe('edge cases', () => {
  it('all limits 0: everyone paused, blocked even alone', () => {
    const site = aSite({
      mainConnectionLimit: all3(0),
      dlmNetworks: [aNetworkOf([aCharger(), aCharger()], { subDistributionLimit: all3(0) })],
    });
    const result = allocate(site);
    expect(result.chargePoints.map((c) => c.current)).toEqual([0, 0]);
    expect(result.chargePoints[0]?.reason.kind).toBe('minCurrentAdmission');
  });
  it('more EVs than fit: earlier plug-ins charge, later ones pause (Fair Trade (FIFO))', () => {
    const chargers = [30, 10, 20, 40].map((t) => aCharger({ ev: anEv({ pluggedInAt: t }) }));
    const result = allocate(aSiteWith(chargers, { subDistributionLimit: all3(13) }));
    expect(result.chargePoints.map((c) => c.current)).toEqual([0, 7, 6, 0]);
    expect(result.chargePoints[0]?.reason).toMatchObject({
      kind: 'fifo',
      blockedBy: { kind: 'nodeLimit', phase: 'L1' },
    });
  });
  it('a single-phase CP with rotation S/T/R loads L2, with T/R/S loads L3', () => {
    const site = aSiteWith([
      aCharger({ connection: 'singlePhase', phaseRotation: 'STR' }),
      aCharger({ connection: 'singlePhase', phaseRotation: 'TRS', ev: anEv({ phasesInUse: 3 }) }),
    ]);
    const [l2, l3] = allocate(site).chargePoints;
    expect(l2?.gridCurrents).toEqual([0, 32, 0]);
    expect(l3?.gridCurrents).toEqual([0, 0, 32]);
  });
  it('a 1-phase EV on a rotated 3-phase CP loads its first mapped phase only', () => {
    const site = aSiteWith([aCharger({ phaseRotation: 'TRS', ev: anEv({ phasesInUse: 1 }) })]);
    expect(allocate(site).chargePoints[0]?.gridCurrents).toEqual([0, 0, 32]);
  });
  it('unknown EV phases: assume 3 until measured, then use the measured phases', () => {
    const unknown = aSiteWith([aCharger({ ev: anEv({ phasesInUse: 'unknown' }) })]);
    expect(allocate(unknown).chargePoints[0]?.gridCurrents).toEqual([32, 32, 32]);
    const measured = aSiteWith([aCharger({ ev: anEv({ measuredCurrent: [15.8, 0.2, 0] }) })]);
    expect(allocate(measured).chargePoints[0]?.gridCurrents).toEqual([32, 0, 0]);
  });
  it('current an EV does not take goes to the others', () => {
    const lazy = aCharger({ ev: anEv({ measuredCurrent: all3(8), offeredCurrent: 16 }) });
    const result = allocate(aSiteWith([lazy, aCharger()], { subDistributionLimit: all3(32) }));
    expect(result.chargePoints.map((c) => c.current)).toEqual([9, 23]);
    expect(result.chargePoints[0]?.reason).toEqual({ kind: 'evDemand' });
  });
  it('an EV that suspended itself keeps its minimum; finished and empty CPs get nothing', () => {
    const site = aSiteWith(
      [
        aCharger({ ev: anEv({ state: 'suspendedEv' }) }),
        aCharger({ ev: anEv({ state: 'finished' }) }),
        aCharger({ ev: undefined }),
        aCharger(),
      ],
      { subDistributionLimit: all3(32) },
    );
    const result = allocate(site);
    expect(result.chargePoints.map((c) => c.current)).toEqual([6, 0, 0, 26]);
    expect(result.chargePoints.map((c) => c.reason.kind)).toEqual([
      'evSuspended',
      'noEv',
      'noEv',
      'nodeLimit',
    ]);
  });
  it('nested supply lines bind before the network', () => {
    const site = aSite({
      dlmNetworks: [
        aNetwork({
          subDistributionLimit: all3(100),
          supplyLines: [aLine({ limit: [20, 40, 40], chargePoints: [aCharger(), aCharger()] })],
        }),
      ],
    });
    const result = allocate(site);
    expect(result.chargePoints.map((c) => c.current)).toEqual([10, 10]);
    expect(result.chargePoints[0]?.reason).toMatchObject({
      kind: 'nodeLimit',
      phase: 'L1',
      source: 'supplyLine',
    });
  });
  it('the operator limit is clamped to the sub-distribution limit', () => {
    const site = aSiteWith([aCharger(), aCharger()], {
      subDistributionLimit: all3(20),
      operatorLimit: all3(80),
    });
    expect(currents(site)).toEqual([10, 10]);
  });
  it("whole amps: floor the fair share, leftover amps +1 A in FIFO order (engine's choice)", () => {
    const chargers = [20, 10, 30].map((t) => aCharger({ ev: anEv({ pluggedInAt: t }) }));
    const result = allocate(aSiteWith(chargers, { subDistributionLimit: all3(32) }));
    // fair share 10.67 A each: the earliest two plug-ins get the 2 leftover amps
    expect(result.chargePoints.map((c) => c.current)).toEqual([11, 11, 10]);
    expect(result.chargePoints.every((c) => Math.abs(c.current - c.fairShare) < 1)).toBe(true);
  });
});

describe('§8 admission: an earlier EV raised above its minimum balances the phases for later ones', () => {
  it('admits b, c, d on L1 next to a two-phase EV on L2/L3 (all 63 A, imbalance limit 10 A)', () => {
    const a = aCharger({ id: 'a', phaseRotation: 'STR', ev: anEv({ phasesInUse: 2, maxCurrent: 32 }) });
    const onL1 = (id: string) => aCharger({ id, connection: 'singlePhase', ev: anEv({ maxCurrent: 16 }) });
    const site = aSite({
      mainConnectionLimit: all3(63),
      dlmNetworks: [
        aNetworkOf([a, onL1('b'), onL1('c'), onL1('d')], {
          subDistributionLimit: all3(63),
          imbalancePrevention: { enabled: true, limit: 10 },
        }),
      ],
    });
    const result = allocate(site);
    // Everyone at min (a 6 A on L2/L3, 18 A on L1) already breaks L1 − L2 ≤ 10; a at 32 A allows
    // L1 up to 42 A: b = c = d = 14 A. The old min-only check paused d.
    expect(result.chargePoints.map((c) => c.current)).toEqual([32, 14, 14, 14]);
    expect(result.nodes[1]?.load).toEqual([42, 32, 32]);
  });
});
