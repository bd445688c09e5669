import {
  ecuOutcome,
  stepOutcome,
  type RolloutCommandRef,
  type RolloutEcuResult,
  type RolloutRecord,
  type RolloutSiteRecord,
  type StepOutcome,
} from '@ampfleet/domain';
import type { CommandPublisher, UseCaseContext } from '../../ports';
import { rolloutCommandId } from './command-ids';
import { dispatch, type Dispatched } from './dispatch';

// An in-flight site's results, per ECU, from its command records: an ECU is done when every command of it
// has a result (or passed its deadline unanswered: failed), and one ECU's failure never holds another.
// Save & Restart: once an ECU's ChangeConfigurations succeeded, a Reset follows — only if the rollout was
// created with the restart confirmed, and never while a transaction runs on that charge point.

export interface RunnerSettings {
  /** Deadline of each command the rollout sends (s). */
  commandDeadlineS: number;
  /** How long past its deadline an unanswered command still counts as pending (s). */
  resultGraceS: number;
}

type Ctx = Pick<UseCaseContext, 'repos' | 'clock'> & { publisher: CommandPublisher };

async function outcomeOf(ctx: Ctx, site: RolloutSiteRecord, ref: Dispatched, settings: RunnerSettings) {
  if (ref.error) return { outcome: 'failed' as const, detail: ref.error };
  const record = await ctx.repos.commands.get(site.siteId, ref.commandId);
  if (!record) {
    // Listed but never stored (a crash between the two): send it now, same id.
    const sent = await dispatch(ctx, site.siteId, ref, settings.commandDeadlineS);
    return sent.error ? { outcome: 'failed' as const, detail: sent.error } : { outcome: 'pending' as const };
  }
  const outcome = stepOutcome(record, ctx.clock.now(), settings.resultGraceS);
  const detail =
    outcome === 'failed'
      ? `${ref.key ?? ref.kind}: ${record.status === 'pending' ? 'no answer before the deadline' : `${record.status}${record.detail ? ` (${record.detail})` : ''}`}`
      : undefined;
  return { outcome, ...(detail && { detail }) };
}

async function transactionRunning(ctx: Ctx, siteId: string, chargePointId: string): Promise<boolean> {
  const recent = await ctx.repos.transactions.list(siteId, 20);
  return recent.some((tx) => tx.chargePointId === chargePointId && tx.stoppedAt === undefined);
}

export async function collectSite(
  ctx: Ctx,
  rollout: RolloutRecord,
  site: RolloutSiteRecord,
  settings: RunnerSettings,
): Promise<RolloutSiteRecord> {
  const commands: Dispatched[] = [...(site.commands ?? [])];
  const ecus: RolloutEcuResult[] = [];
  for (const step of site.steps ?? []) {
    const mine = commands.filter((c) => c.chargePointId === step.chargePointId);
    const results = await Promise.all(mine.map((ref) => outcomeOf(ctx, site, ref, settings)));
    const changes = results.filter((_, i) => mine[i]?.kind === 'changeConfiguration').map((r) => r.outcome);
    const outcomes: StepOutcome[] = results.map((r) => r.outcome);
    const result: RolloutEcuResult = {
      chargePointId: step.chargePointId,
      outcome: ecuOutcome(outcomes),
      manual: step.params.filter((p) => p.action === 'manual').map((p) => p.param),
    };
    const failed = results.flatMap((r) => (r.detail ? [r.detail] : []));
    if (failed.length) result.detail = failed.join('; ');
    if (step.restartNeeded && ecuOutcome(changes) === 'succeeded') {
      const reset = mine.find((c) => c.kind === 'reset');
      if (reset) result.restart = 'sent';
      else if (!rollout.restartConfirmed) result.restart = 'notConfirmed';
      else if (await transactionRunning(ctx, site.siteId, step.chargePointId)) {
        result.restart = 'waitingForTransaction';
        result.outcome = 'pending';
      } else {
        const ref: RolloutCommandRef = {
          commandId: rolloutCommandId(
            ctx.repos.orgId,
            rollout.rolloutId,
            site.siteId,
            step.chargePointId,
            'reset',
          ),
          chargePointId: step.chargePointId,
          kind: 'reset',
        };
        commands.push(await dispatch(ctx, site.siteId, ref, settings.commandDeadlineS));
        result.restart = 'sent';
        result.outcome = 'pending';
      }
    }
    ecus.push(result);
  }
  const open = ecus.some((e) => e.outcome === 'pending');
  const at = ctx.clock.now().toISOString();
  if (open) return { ...site, commands, ecus };
  return {
    ...site,
    commands,
    ecus,
    state: ecus.some((e) => e.outcome === 'failed') ? 'failed' : 'done',
    finishedAt: at,
  };
}
