import { z } from 'zod';
import { pauseActionOf } from '../commands/pause-charging';
import type { Command, CommandStatus } from '../contracts/commands';
import { ownerChargePointState, OwnerChargePointState, ownerFaults, OwnerFault } from './owner-states';
import type { TransactionRecord } from './sessions';
import type { SiteLiveView } from './view';
import { zonedDay, zonedMonth } from './zoned-time';

// The site owner's dashboard (phone): one site's live power and per-phase current against its limit,
// its charge points in plain states, sessions today and energy this month per day (in the SITE's time
// zone), faults, the limit and the schedule. Built from the site's live view, its transactions since
// the month began and its recent commands (for "paused"); no figure is invented: what is not known is
// absent, and the page says so.

const Phases = z.object({ l1: z.number(), l2: z.number(), l3: z.number() });
type Phases = z.infer<typeof Phases>;

export const OwnerPause = z.object({
  paused: z.boolean(),
  /** A pause or resume sent and not answered yet. */
  pending: z.enum(['pause', 'resume']).optional(),
  /** The newest pause or resume did not happen (rejected, refused, failed, expired). */
  failed: z.enum(['pause', 'resume']).optional(),
});
export type OwnerPause = z.infer<typeof OwnerPause>;

export const OwnerDashboard = z.object({
  siteId: z.string(),
  name: z.string(),
  timeZone: z.string(),
  generatedAt: z.string(),
  lastTelemetryAt: z.string().optional(),
  power: z.object({
    /** Sum of the charge points' active power (W); absent when none reports it. */
    chargingW: z.number().optional(),
    /** The site meter's active power (W, negative = export), when a meter is connected. */
    meterW: z.number().optional(),
  }),
  current: z.object({
    /** Charging current per grid phase (A): the DLM networks' drawn sums, else the connectors'. */
    drawn: Phases,
    /** The effective charging limit per phase (A), summed over the site's DLM networks; absent if unknown. */
    limit: Phases.optional(),
    /** What sets the limit (sub-distribution, operator, downgrade, externalMeter). */
    limitSource: z.array(z.string()).optional(),
    /** The operator limit the fleet manager set (A per phase), if any network has one. */
    operatorLimit: Phases.optional(),
  }),
  chargePoints: z.array(
    z.object({
      chargePointId: z.string(),
      state: OwnerChargePointState,
      since: z.string().optional(),
      powerW: z.number().optional(),
      sessionEnergyWh: z.number().optional(),
      pause: OwnerPause,
    }),
  ),
  faults: z.array(OwnerFault),
  today: z.object({ day: z.string(), sessions: z.number().int(), energyWh: z.number() }),
  month: z.object({
    month: z.string(),
    energyWh: z.number(),
    /** Every day of the month up to today, with the energy of the sessions started that day (Wh). */
    days: z.array(z.object({ day: z.string(), energyWh: z.number() })),
  }),
  /** Time-of-day limits; null until load management stores schedules (nothing is shown as one). */
  schedule: z.null(),
});
export type OwnerDashboard = z.infer<typeof OwnerDashboard>;

/** A command as the dashboard needs it (the stored command record's fields). */
export interface OwnerCommand {
  chargePointId: string;
  status: 'pending' | CommandStatus;
  issuedAt: string;
  command: Command;
}

export interface OwnerDashboardInput {
  site: SiteLiveView;
  /** The site's transactions started since (at least) the start of the month, any order. */
  transactions: TransactionRecord[];
  /** The site's recent commands, any order. */
  commands: OwnerCommand[];
  timeZone: string;
  now: Date;
}

export function ownerDashboard(input: OwnerDashboardInput): OwnerDashboard {
  const { site, timeZone, now } = input;
  const pauses = pauseStates(input.commands);
  return {
    siteId: site.siteId,
    name: site.name,
    timeZone,
    generatedAt: now.toISOString(),
    ...(site.lastTelemetryAt !== undefined && { lastTelemetryAt: site.lastTelemetryAt }),
    power: power(site),
    current: current(site),
    chargePoints: site.chargePoints.map((cp) => {
      const connectors = cp.connectors.filter((c) => c.connectorId > 0);
      const powerW = sumDefined(connectors.map((c) => c.activePowerW));
      const sessionEnergyWh = sumDefined(connectors.map((c) => c.sessionEnergyWh));
      const pause = pauses.get(cp.chargePointId) ?? { paused: false };
      const { state, since } = ownerChargePointState(cp, pause.paused);
      return {
        chargePointId: cp.chargePointId,
        state,
        ...(since !== undefined && { since }),
        ...(powerW !== undefined && { powerW }),
        ...(sessionEnergyWh !== undefined && { sessionEnergyWh }),
        pause,
      };
    }),
    faults: ownerFaults(site),
    ...energy(input),
    schedule: null,
  };
}

function sumDefined(values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? known.reduce((a, b) => a + b, 0) : undefined;
}

const addPhases = (a: Phases, b: Phases): Phases => ({ l1: a.l1 + b.l1, l2: a.l2 + b.l2, l3: a.l3 + b.l3 });

function power(site: SiteLiveView): OwnerDashboard['power'] {
  const chargingW = sumDefined(
    site.chargePoints.flatMap((cp) =>
      cp.connectors.filter((c) => c.connectorId > 0).map((c) => c.activePowerW),
    ),
  );
  const meterW = sumDefined(
    site.dlmNetworks.map((n) => (n.meter?.connected ? n.meter.activePowerW : undefined)),
  );
  return { ...(chargingW !== undefined && { chargingW }), ...(meterW !== undefined && { meterW }) };
}

function current(site: SiteLiveView): OwnerDashboard['current'] {
  const states = site.dlmNetworks.map((n) => n.state);
  const known = states.filter((s) => s !== undefined);
  // A DLM network's drawn sum is per grid phase (rotation applied by the master); without DLM state the
  // connectors' sum stands in.
  const drawn =
    known.length > 0 && known.length === states.length
      ? known.map((s) => s.drawn).reduce(addPhases)
      : site.totalCurrentImport;
  // The limit is known only when every network reports its effective limit (a partial sum would understate it).
  const limits = states.map((s) => s?.limits.effective);
  const limit =
    limits.length > 0 && limits.every((l) => l !== undefined) ? limits.reduce(addPhases) : undefined;
  const sources = [...new Set(known.flatMap((s) => s.limits.effectiveSource ?? []))];
  const operators = known.map((s) => s.limits.operator).filter((o) => o !== undefined);
  return {
    drawn,
    ...(limit !== undefined && { limit }),
    ...(limit !== undefined && sources.length > 0 && { limitSource: sources }),
    ...(operators.length > 0 && { operatorLimit: operators.reduce(addPhases) }),
  };
}

/** Per charge point: the newest pause/resume that happened or is pending decides; failures are flagged. */
export function pauseStates(commands: OwnerCommand[]): Map<string, OwnerPause> {
  const newestFirst = [...commands].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
  const states = new Map<string, OwnerPause>();
  const failed = new Map<string, 'pause' | 'resume'>();
  for (const c of newestFirst) {
    const action = pauseActionOf(c.command);
    if (!action || states.has(c.chargePointId)) continue;
    if (c.status === 'pending' || c.status === 'accepted') {
      const before = failed.get(c.chargePointId);
      states.set(c.chargePointId, {
        paused: action === 'pause',
        ...(c.status === 'pending' && { pending: action }),
        ...(before !== undefined && { failed: before }),
      });
    } else if (!failed.has(c.chargePointId)) failed.set(c.chargePointId, action);
  }
  for (const [cp, action] of failed) if (!states.has(cp)) states.set(cp, { paused: false, failed: action });
  return states;
}

// Energy per day from the transactions' own meter readings (meterStop − meterStart, or the running
// session's energy so far): there is no energy history per day yet. A session counts on the local day
// it started, so one that began before the month did not count this month.
function energy(input: OwnerDashboardInput): Pick<OwnerDashboard, 'today' | 'month'> {
  const { site, timeZone, now } = input;
  const { month, start, daysSoFar } = zonedMonth(now, timeZone);
  const today = zonedDay(now, timeZone);
  const running = new Map<string, number>();
  for (const cp of site.chargePoints)
    for (const c of cp.connectors)
      if (c.session && c.sessionEnergyWh !== undefined)
        running.set(`${cp.chargePointId}#${c.session.transactionId}`, c.sessionEnergyWh);
  const byDay = new Map(daysSoFar.map((d) => [d, 0]));
  let sessionsToday = 0;
  for (const tx of input.transactions) {
    const startedAt = Date.parse(tx.startedAt);
    if (Number.isNaN(startedAt) || startedAt < start.getTime() || startedAt > now.getTime()) continue;
    if (tx.matched === false) continue; // a stop the agent could not place: no start, no energy of its own
    const day = zonedDay(new Date(startedAt), timeZone);
    if (day === today) sessionsToday++;
    const wh = transactionEnergyWh(tx, running);
    if (wh !== undefined) byDay.set(day, (byDay.get(day) ?? 0) + wh);
  }
  const days = daysSoFar.map((day) => ({ day, energyWh: byDay.get(day) ?? 0 }));
  return {
    today: { day: today, sessions: sessionsToday, energyWh: byDay.get(today) ?? 0 },
    month: { month, energyWh: days.reduce((sum, d) => sum + d.energyWh, 0), days },
  };
}

function transactionEnergyWh(tx: TransactionRecord, running: Map<string, number>): number | undefined {
  if (tx.stoppedAt === undefined) return running.get(`${tx.chargePointId}#${tx.transactionId}`);
  if (tx.energyWh !== undefined) return Math.max(0, tx.energyWh);
  if (tx.meterStartWh !== undefined && tx.meterStopWh !== undefined)
    return Math.max(0, tx.meterStopWh - tx.meterStartWh);
  return undefined;
}
