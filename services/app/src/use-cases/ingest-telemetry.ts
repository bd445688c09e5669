import type { ApplyOutcome } from '@ampfleet/adapters';
import { ingestRouteOf, type TelemetryMessage } from '@ampfleet/domain';
import type { UseCaseContext } from '../ports';

/**
 * Applies one validated telemetry message of one of the organisation's sites, exactly once: a
 * command's result closes its command record; everything else updates the site's live state.
 */
export async function ingestTelemetry(
  { repos, clock }: UseCaseContext,
  input: { siteId: string; message: TelemetryMessage },
): Promise<ApplyOutcome> {
  const nowEpochS = Math.floor(clock.now().getTime() / 1000);
  const { siteId, message } = input;
  // The message's kind names its route (messageKinds in the domain).
  const route = ingestRouteOf(message);
  return route.route === 'commandResult'
    ? repos.commands.applyResult(siteId, route.result, nowEpochS)
    : repos.telemetry.apply(siteId, message, nowEpochS);
}

export interface IngestBatchResult {
  /** One outcome per message, in order, up to (not including) `failure.from`. */
  outcomes: ApplyOutcome[];
  /** The store failed at this message: it and every later one were not applied (redeliver them). */
  failure?: { from: number; error: Error };
}

/**
 * Applies validated messages of one organisation in delivery order, each exactly once, with as few
 * store round trips as the store allows (a queue delivers batches). Command results close their
 * command records one by one, between the runs of telemetry around them, so order is kept.
 */
export async function ingestTelemetryBatch(
  { repos, clock }: UseCaseContext,
  messages: readonly { siteId: string; message: TelemetryMessage }[],
): Promise<IngestBatchResult> {
  const nowEpochS = Math.floor(clock.now().getTime() / 1000);
  const outcomes: ApplyOutcome[] = [];
  let run: { siteId: string; message: TelemetryMessage }[] = [];
  const flush = async (): Promise<IngestBatchResult | undefined> => {
    if (run.length === 0) return undefined;
    const from = outcomes.length;
    const result = await repos.telemetry.applyBatch(run, nowEpochS);
    run = [];
    outcomes.push(...result.outcomes);
    return result.failure
      ? { outcomes, failure: { from: from + result.failure.from, error: result.failure.error } }
      : undefined;
  };
  for (const item of messages) {
    const route = ingestRouteOf(item.message);
    if (route.route !== 'commandResult') {
      run.push(item);
      continue;
    }
    const failed = await flush();
    if (failed) return failed;
    try {
      outcomes.push(await repos.commands.applyResult(item.siteId, route.result, nowEpochS));
    } catch (error) {
      return { outcomes, failure: { from: outcomes.length, error: error as Error } };
    }
  }
  return (await flush()) ?? { outcomes };
}
