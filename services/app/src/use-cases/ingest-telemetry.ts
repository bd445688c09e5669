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
