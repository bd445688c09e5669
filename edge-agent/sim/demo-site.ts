// Demo site driver: ECU simulators with EVs arriving and leaving, and a stand-in DLM master, so a
// local run shows moving numbers within seconds. Also reports the site's EV load for the meter simulator.
import type { EcuConfig } from '@ampfleet/domain';
import { dlmAllocation } from './demo-dlm';
import { ecuCapA } from './ecu-connector';
import { startEcuSimulator, type EcuSimulator } from './ecu-simulator';
import { anEv, type PhaseConnection, type PhaseRotation } from './ev';
import type { PhaseCurrentsA } from './meter-simulator';
import { between, mulberry32, type Random } from './random';

export interface DemoChargePoint {
  readonly id: string;
  readonly password?: string;
  readonly phaseConnection: PhaseConnection;
  readonly phaseRotation: PhaseRotation;
  readonly ratedCurrentA: number;
  /** Reported in BootNotification, e.g. 'AMTRON Professional+'. */
  readonly model?: string;
  /** Reported in BootNotification, e.g. '4.61-5412-d6a2288f6'. */
  readonly firmwareVersion?: string;
  /** Extra OCPP configuration keys (a DLM master's parameters). */
  readonly configuration?: Readonly<Record<string, string>>;
  /** The ECU's catalog parameters, served under its firmware's OCPP keys (default: the catalog's defaults). */
  readonly ecuConfig?: EcuConfig;
}

export interface DemoSiteOptions {
  readonly endpoint: string;
  readonly siteId: string;
  readonly chargePoints: readonly DemoChargePoint[];
  /** Supply line limit per phase (A) the stand-in DLM shares out. */
  readonly supplyLimitA: number;
  /** The DLM master's Operator EVSE Sub-Distribution Limit at start (A); default the supply limit. */
  readonly operatorLimitA?: number;
  readonly random: Random;
  /** Demo seconds per real second. Default 1. */
  readonly timeScale?: number;
  /** MeterValues period of each ECU (real s). Default 5. */
  readonly meterValueIntervalS?: number;
  /** How often the stand-in DLM reallocates (real s). Default 3. */
  readonly dlmPeriodS?: number;
  /** RFID cards the arriving EVs present (the edge agent's local list); default: random tags. */
  readonly idTags?: readonly string[];
}

export interface DemoSite {
  readonly siteId: string;
  readonly chargers: readonly EcuSimulator[];
  /** The EVs' current per grid phase right now (A). */
  evLoadA(): PhaseCurrentsA;
  stop(): Promise<void>;
}

/** EVs arrive every 10–40 s and stay 1–4 min, in demo time. */
const ARRIVAL_GAP_S: readonly [number, number] = [10, 40];
const SESSION_S: readonly [number, number] = [60, 240];

export async function startDemoSite(o: DemoSiteOptions): Promise<DemoSite> {
  const timeScale = o.timeScale ?? 1;
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const later = (demoSeconds: number, fn: () => void): void => {
    const t = setTimeout(
      () => {
        timers.delete(t);
        if (!stopped) fn();
      },
      (demoSeconds * 1000) / timeScale,
    );
    timers.add(t);
  };

  const chargers = await Promise.all(
    o.chargePoints.map((cp, i) =>
      startEcuSimulator({
        // The first charge point is the site's DLM master: the cloud's operator limit lands there.
        ...(i === 0 && {
          dlmMaster: {
            subDistributionLimitA: o.supplyLimitA,
            ...(o.operatorLimitA !== undefined && { operatorLimitA: o.operatorLimitA }),
          },
        }),
        endpoint: o.endpoint,
        chargePointId: cp.id,
        ...(cp.password !== undefined ? { password: cp.password } : {}),
        ...(cp.model !== undefined ? { model: cp.model } : {}),
        ...(cp.firmwareVersion !== undefined ? { firmwareVersion: cp.firmwareVersion } : {}),
        ...(cp.configuration !== undefined ? { configuration: cp.configuration } : {}),
        ...(cp.ecuConfig !== undefined ? { ecuConfig: cp.ecuConfig } : {}),
        phaseConnection: cp.phaseConnection,
        phaseRotation: cp.phaseRotation,
        ratedCurrentA: cp.ratedCurrentA,
        meterValueIntervalS: o.meterValueIntervalS ?? 5,
        random: mulberry32(Math.floor(o.random() * 2 ** 32)),
        timeScale,
      }),
    ),
  );
  const wiring = new Map(o.chargePoints.map((cp) => [cp.id, cp]));

  // The site's DLM master (demo-dlm.ts runs the allocation engine), every period and on every plug event.
  const rebalance = (): void => {
    const shares = dlmAllocation(
      { supplyLimitA: chargers[0]?.state.operatorLimitA ?? o.supplyLimitA, imbalanceLimitA: 20 },
      chargers.flatMap((c) => {
        const cp = wiring.get(c.chargePointId);
        if (!cp) return [];
        const s = c.state;
        const ev =
          s.ev && s.pluggedInAt
            ? {
                phases: s.ev.phases,
                maxCurrentA: s.ev.maxCurrentA,
                pluggedInAt: s.pluggedInAt.getTime(),
                gridCurrentsA: s.gridCurrentsA,
                offeredA: s.offeredA,
              }
            : undefined;
        return [
          {
            id: c.chargePointId,
            phaseRotation: cp.phaseRotation,
            phaseConnection: cp.phaseConnection,
            // The master knows each ECU's cap (its Operator Current Limit, §7.4): what one cannot
            // take goes to the others.
            ratedCurrentA: ecuCapA(cp.ratedCurrentA, cp.ecuConfig?.operatorCurrentLimit),
            ...(ev && { ev }),
          },
        ];
      }),
    );
    for (const c of chargers) c.setOfferedCurrent(shares.get(c.chargePointId) ?? 0);
  };
  const dlm = setInterval(rebalance, (o.dlmPeriodS ?? 3) * 1000);
  rebalance();

  const arrive = (): void => {
    const free = chargers.filter((c) => !c.state.ev);
    const charger = free[Math.floor(o.random() * free.length)];
    if (charger) {
      // plugIn registers the EV synchronously: the DLM counts it before the EV is offered anything.
      const idTag = o.idTags?.length ? o.idTags[Math.floor(o.random() * o.idTags.length)] : undefined;
      const plugging = charger.plugIn(anEv(o.random, idTag === undefined ? {} : { idTag }));
      rebalance();
      void plugging.then(rebalance).catch(() => undefined);
      later(between(o.random, ...SESSION_S), () => {
        void charger
          .unplug()
          .then(rebalance)
          .catch(() => undefined);
      });
    }
    later(between(o.random, ...ARRIVAL_GAP_S), arrive);
  };
  later(between(o.random, 1, 5), arrive);

  return {
    siteId: o.siteId,
    chargers,
    evLoadA() {
      const total = { l1: 0, l2: 0, l3: 0 };
      for (const c of chargers) {
        const g = c.state.gridCurrentsA;
        total.l1 += g.L1;
        total.l2 += g.L2;
        total.l3 += g.L3;
      }
      return total;
    },
    async stop() {
      stopped = true;
      clearInterval(dlm);
      for (const t of timers) clearTimeout(t);
      await Promise.all(chargers.map((c) => c.stop()));
    },
  };
}
