import { allocate } from '../allocation/allocate';
import type { EvState } from '../allocation/schema';
import type { Site } from '../config/site';
import type { ConnectorStatus } from '../contracts/status';
import type { DlmNetworkRecord } from '../fleet/records';
import type { PerPhaseAmps, PhaseVector } from '../phases/per-phase';
import { ROTATION_TO_GRID } from '../phases/rotation';
import {
  allocationInputOf,
  type LiveEv,
  type LiveMeter,
  type SiteLiveState,
} from '../site/projections/allocation-input';

// The twin's prediction (issue #13 point 3): the allocation engine over the configured site (the
// desired configuration's projection, its limits included) and the live state the site reports — EVs
// from the latest DLM state of each network, the external meter's latest reading, and the plug-in times
// the twin keeps (Fair Trade FIFO, §7). The configured operator limit is used, not the reported one: a
// master reporting another limit is what the twin is there to notice (twin-diagnosis.ts) — unless it
// reports the limit the cloud's load control commanded (twin-evaluate.ts passes that one in).

/** Below this an EV cannot charge (IEC 61851); an offer below it pauses the EV. */
export const MIN_EV_CURRENT_A = 6;

/** What an OCPP connector status says about the EV for the engine (§8 FIFO needs plugged-in EVs). */
const EV_STATE: Partial<Record<ConnectorStatus, EvState>> = {
  Preparing: 'ready',
  Charging: 'charging',
  SuspendedEVSE: 'ready',
  SuspendedEV: 'suspendedEv',
  Finishing: 'finished',
};

/** The engine's EV state for a reported connector status; undefined: no EV plugged in. */
export const evStateOf = (status: ConnectorStatus | undefined): EvState | undefined =>
  status === undefined ? undefined : EV_STATE[status];

const phasesInUse = (drawn: PerPhaseAmps): LiveEv['phasesInUse'] => {
  const n = [drawn.l1, drawn.l2, drawn.l3].filter((a) => a >= 1).length;
  return n === 0 ? 'unknown' : (n as 1 | 2 | 3);
};

/** Plug-in time per charge point (ISO), as the twin first saw its EV. */
export type PluggedInAt = Readonly<Record<string, string>>;

/**
 * The live state the twin runs on. Measured draw is reported per grid phase; the engine wants it per
 * CP phase, so the configured rotation is undone (§3.2). Without a known plug-in time an EV counts as
 * plugged in now, after every known one.
 */
export function twinLiveState(
  site: Site,
  records: readonly DlmNetworkRecord[],
  pluggedInAt: PluggedInAt,
  nowMs: number,
): SiteLiveState {
  const rotation = new Map(
    site.stations.flatMap((s) => s.ecus.map((e) => [e.chargePointId, e.wiring.rotation] as const)),
  );
  const evs: Record<string, LiveEv> = {};
  const meters: Record<string, LiveMeter> = {};
  for (const r of records) {
    for (const cp of r.state?.chargePoints ?? []) {
      const state = evStateOf(cp.status);
      if (state === undefined) continue;
      const grid: PhaseVector = [cp.drawn.l1, cp.drawn.l2, cp.drawn.l3];
      const [a, b, c] = ROTATION_TO_GRID[rotation.get(cp.id) ?? 'RST'];
      const since = pluggedInAt[cp.id];
      evs[cp.id] = {
        state,
        phasesInUse: phasesInUse(cp.drawn),
        measuredA: [grid[a], grid[b], grid[c]],
        offeredA: Math.max(cp.offered.l1, cp.offered.l2, cp.offered.l3),
        pluggedInAt: since === undefined ? nowMs : Date.parse(since),
      };
    }
    // The reading the edge's DLM state was built on, else the latest stored meter reading.
    const connected = r.state ? r.state.externalMeter.connected === true : r.meter?.connected === true;
    const reading = r.state?.externalMeter.lastReading ?? r.meter?.currents;
    meters[r.networkId] = { connected, samples: connected && reading ? [reading] : [] };
  }
  return { evs, meters };
}

/** The twin's offer per charge point (A, whole amps; 0 = paused). */
export function predictOffers(site: Site, live: SiteLiveState): Map<string, number> {
  // The projection of a schema-checked Site is a valid input: no second parse (10× the engine's time).
  const result = allocate(allocationInputOf(site, live));
  return new Map(result.chargePoints.map((c) => [c.id, c.current]));
}

/** The same live state without one charge point's EV (the hypothesis "the master does not serve it"). */
export function withoutEv(live: SiteLiveState, chargePointId: string): SiteLiveState {
  const { [chargePointId]: _gone, ...evs } = live.evs ?? {};
  return { ...live, evs };
}
