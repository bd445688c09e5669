import {
  decideEcuApply,
  ecuProgress,
  inFlight,
  joinSecrets,
  planDriftApply,
  reportedConfigOf,
  siteDrift,
  type CommandState,
  type DesiredConfigVersion,
  type DriftApplyRun,
  type EcuApplyRun,
  type EcuProgress,
  type EcuReport,
  type SiteDriftReport,
} from '@ampfleet/domain';
import { InvalidRequestError } from '../../errors';
import type { CallerContext, CommandPublisher } from '../../ports';
import { sendCommand } from '../send-command';
import { authorOf, headOf } from './desired-config';

// "Apply desired" (issue #12 point 4, drift.applyDesired / drift.applyStatus): plan → store the run (once per
// site while one is in flight) → send each ECU's ChangeConfiguration commands through the command path.
// A failed ECU never stops the others. Reading the progress takes the run's one later step: the Reset of
// an ECU whose confirmed Save & Restart changes are all answered (claimed once, then sent).

type Ctx = CallerContext & { publisher: CommandPublisher; newId: () => string };

/** How long a command may wait for its charge point. */
export const APPLY_COMMAND_DEADLINE_S = 600;
/** How long the run waits for answers and the re-read configuration before what is open has failed. */
export const APPLY_RUN_DEADLINE_S = 900;

export interface ApplyDriftInput {
  siteId: string;
  /** Only these ECUs (default: every drifted ECU of the site). */
  chargePointIds?: string[];
  /** Apply 'Save & Restart' parameters, with a Reset of the ECU. */
  confirmRestart: boolean;
  /** Reset even while a transaction runs on the ECU. */
  force: boolean;
}

export interface ApplyDriftResult {
  runId: string;
  /** false: a run was in flight already and is returned instead (nothing sent). */
  created: boolean;
}

export async function applyDrift(ctx: Ctx, input: ApplyDriftInput): Promise<ApplyDriftResult> {
  const head = await headOf(ctx, 'site:configure', input.siteId);
  const previousRunId = await ctx.repos.driftApply.latestRunId(input.siteId);
  if (previousRunId && (await runInFlight(ctx, head, previousRunId)))
    return { runId: previousRunId, created: false };
  const drift = await currentDrift(ctx, head);
  checkChargePoints(drift, input.chargePointIds);
  const { run, values } = await planRun(ctx, head, drift, input);
  const outcome = await ctx.repos.driftApply.create(run, previousRunId, epochS(ctx));
  if (outcome === 'conflict') {
    // Another apply created a run between our read and write: that one is the run.
    const winner = await ctx.repos.driftApply.latestRunId(input.siteId);
    return { runId: winner ?? run.runId, created: false };
  }
  // One ECU after the other; a failure is recorded on that ECU and the next one goes on.
  for (const [index, ecu] of run.ecus.entries()) await sendChanges(ctx, run, index, ecu, values[index] ?? []);
  return { runId: run.runId, created: true };
}

/** The run to store, and the values to send per ECU and change (kept out of the run: secrets). */
async function planRun(
  ctx: Ctx,
  head: DesiredConfigVersion,
  drift: SiteDriftReport,
  input: ApplyDriftInput,
): Promise<{ run: DriftApplyRun; values: string[][] }> {
  const plans = planDriftApply(joinSecrets(head.site, head.secrets), drift, {
    ...(input.chargePointIds && { chargePointIds: input.chargePointIds }),
  });
  const busy = await chargePointsInTransaction(ctx, input.siteId);
  const now = ctx.clock.now();
  const values: string[][] = [];
  const ecus = plans.map((plan): EcuApplyRun => {
    const decision = decideEcuApply(plan, { ...input, transactionRunning: busy.has(plan.chargePointId) });
    values.push(decision.send.map((c) => c.value));
    return {
      chargePointId: plan.chargePointId,
      stationId: plan.stationId,
      firmware: plan.firmware,
      changes: decision.send.map((c) => ({
        param: c.param,
        key: c.key,
        name: c.name,
        display: c.display,
        apply: c.apply,
        commandId: ctx.newId(),
      })),
      held: decision.held.map(({ param, name, display, apply }) => ({ param, name, display, apply })),
      ...(decision.holdReason && { holdReason: decision.holdReason }),
      unsendable: plan.unsendable,
      resetPlanned: decision.reset,
    };
  });
  const run: DriftApplyRun = {
    runId: ctx.newId(),
    siteId: input.siteId,
    createdAt: now.toISOString(),
    createdBy: authorOf(ctx),
    deadline: new Date(now.getTime() + APPLY_RUN_DEADLINE_S * 1000).toISOString(),
    desiredVersion: head.version,
    confirmRestart: input.confirmRestart,
    force: input.force,
    ecus,
  };
  return { run, values };
}

async function sendChanges(
  ctx: Ctx,
  run: DriftApplyRun,
  index: number,
  ecu: EcuApplyRun,
  values: string[],
): Promise<void> {
  try {
    for (const [i, change] of ecu.changes.entries())
      await sendCommand(
        { ...ctx, newId: () => change.commandId },
        {
          siteId: run.siteId,
          chargePointId: ecu.chargePointId,
          deadlineS: APPLY_COMMAND_DEADLINE_S,
          command: { kind: 'changeConfiguration', key: change.key, value: values[i] ?? '' },
        },
      );
  } catch (err) {
    await ctx.repos.driftApply.setEcuOnce(run.siteId, run.runId, index, 'sendError', (err as Error).message);
  }
}

export interface EcuApplyView extends EcuProgress {
  stationId: string;
  firmware: string;
  held: EcuApplyRun['held'];
  holdReason?: EcuApplyRun['holdReason'];
  unsendable: EcuApplyRun['unsendable'];
}

export interface DriftApplyStatus {
  runId: string;
  createdAt: string;
  createdBy: string;
  deadline: string;
  confirmRestart: boolean;
  force: boolean;
  /** Some ECU is still pending, sent, accepted or waiting for its report. */
  inFlight: boolean;
  ecus: EcuApplyView[];
}

/**
 * The progress of a run (default: the site's newest) per ECU; undefined when the site has none. Takes
 * the run's due step: the Reset of an ECU whose confirmed Save & Restart changes are all answered —
 * claimed in the run item first, so it is sent once however many read at the same time; not sent when
 * a transaction has started on the ECU since (unless the run was forced).
 */
export async function readDriftApplyStatus(
  ctx: Ctx,
  input: { siteId: string; runId?: string },
): Promise<DriftApplyStatus | undefined> {
  const head = await headOf(ctx, 'site:configure', input.siteId);
  const runId = input.runId ?? (await ctx.repos.driftApply.latestRunId(input.siteId));
  if (!runId) return undefined;
  let run = await ctx.repos.driftApply.get(input.siteId, runId);
  if (!run) return undefined;
  let progress = await progressOf(ctx, head, run);
  if (progress.some((p) => p.resetDue)) {
    await sendResets(ctx, run, progress);
    run = (await ctx.repos.driftApply.get(input.siteId, runId)) ?? run;
    progress = await progressOf(ctx, head, run);
  }
  const views = run.ecus.map((ecu, i): EcuApplyView => {
    const p = progress[i] as EcuProgress;
    return {
      ...p,
      stationId: ecu.stationId,
      firmware: ecu.firmware,
      held: ecu.held,
      ...(ecu.holdReason && { holdReason: ecu.holdReason }),
      unsendable: ecu.unsendable,
    };
  });
  return {
    runId: run.runId,
    createdAt: run.createdAt,
    createdBy: run.createdBy,
    deadline: run.deadline,
    confirmRestart: run.confirmRestart,
    force: run.force,
    inFlight: views.some((v) => inFlight(v.status)),
    ecus: views,
  };
}

async function sendResets(ctx: Ctx, run: DriftApplyRun, progress: EcuProgress[]): Promise<void> {
  const busy = await chargePointsInTransaction(ctx, run.siteId);
  for (const [index, ecu] of run.ecus.entries()) {
    if (!progress[index]?.resetDue) continue;
    if (busy.has(ecu.chargePointId) && !run.force) {
      await ctx.repos.driftApply.setEcuOnce(
        run.siteId,
        run.runId,
        index,
        'sendError',
        'a transaction started: Reset not sent (apply again with force, or after the transaction)',
      );
      continue;
    }
    const commandId = ctx.newId();
    if (!(await ctx.repos.driftApply.setEcuOnce(run.siteId, run.runId, index, 'resetCommandId', commandId)))
      continue;
    try {
      await sendCommand(
        { ...ctx, newId: () => commandId },
        {
          siteId: run.siteId,
          chargePointId: ecu.chargePointId,
          deadlineS: APPLY_COMMAND_DEADLINE_S,
          command: { kind: 'reset', type: 'Soft' },
        },
      );
    } catch (err) {
      await ctx.repos.driftApply.setEcuOnce(
        run.siteId,
        run.runId,
        index,
        'sendError',
        (err as Error).message,
      );
    }
  }
}

async function progressOf(ctx: Ctx, head: DesiredConfigVersion, run: DriftApplyRun): Promise<EcuProgress[]> {
  const ids = run.ecus.flatMap((e) => [
    ...e.changes.map((c) => c.commandId),
    ...(e.resetCommandId ? [e.resetCommandId] : []),
  ]);
  const records = await Promise.all(ids.map((id) => ctx.repos.commands.get(run.siteId, id)));
  const commands = new Map<string, CommandState>();
  for (const record of records)
    if (record)
      commands.set(record.commandId, {
        status: record.status,
        ...(record.detail !== undefined && { detail: record.detail }),
      });
  const drift = await currentDrift(ctx, head);
  const byCp = new Map(drift.ecus.map((e) => [e.chargePointId, e.drift]));
  const timing = { now: ctx.clock.now().toISOString(), deadline: run.deadline };
  return run.ecus.map((ecu) => ecuProgress(ecu, commands, byCp.get(ecu.chargePointId), timing));
}

async function runInFlight(ctx: Ctx, head: DesiredConfigVersion, runId: string): Promise<boolean> {
  const run = await ctx.repos.driftApply.get(head.site.id, runId);
  if (!run) return false;
  return (await progressOf(ctx, head, run)).some((p) => inFlight(p.status));
}

/** The site's drift now: desired head (without secrets: drift is about values) vs the latest reports. */
async function currentDrift(ctx: Ctx, head: DesiredConfigVersion): Promise<SiteDriftReport> {
  const records = await ctx.repos.reportedConfig.get(head.site.id);
  const reports: Record<string, EcuReport> = {};
  for (const record of records) reports[record.chargePointId] = reportedConfigOf(record);
  return siteDrift(head.site, reports);
}

async function chargePointsInTransaction(ctx: Ctx, siteId: string): Promise<Set<string>> {
  const { connectors } = await ctx.repos.chargePoints.ofSite(siteId);
  return new Set(connectors.filter((c) => c.session !== undefined).map((c) => c.chargePointId));
}

function checkChargePoints(drift: SiteDriftReport, chargePointIds: readonly string[] | undefined): void {
  const known = new Set(drift.ecus.map((e) => e.chargePointId));
  const issues = (chargePointIds ?? []).flatMap((id, i) =>
    known.has(id) ? [] : [{ path: `chargePointIds.${i}`, message: `no ECU ${id} at this site` }],
  );
  if (issues.length > 0)
    throw new InvalidRequestError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

function epochS(ctx: Ctx): number {
  return Math.floor(ctx.clock.now().getTime() / 1000);
}
