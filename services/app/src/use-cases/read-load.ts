import { loadView, twinFindings, type LoadGetInput, type LoadGetOutput } from '@ampfleet/domain';
import { NotFoundError } from '../errors';
import type { UseCaseContext } from '../ports';

/**
 * load.get: per DLM network the latest reported state, the configured limits and the twin's predicted
 * offer per charge point (the allocation engine over the desired configuration and the live state,
 * computed here — pure, no stored prediction), the twin handler's raised findings (stored) and the
 * control settings in force (load.setLimits / setSchedule / dim / setPeakCap).
 * NOT_FOUND for a site the organisation does not have.
 */
export async function readLoad(ctx: UseCaseContext, input: LoadGetInput): Promise<LoadGetOutput> {
  const { repos } = ctx;
  const [exists, records, site, twin, control] = await Promise.all([
    repos.sites.exists(input.siteId),
    repos.load.networks(input.siteId),
    repos.load.desiredConfig(input.siteId),
    repos.load.twin(input.siteId),
    repos.loadControl.settings(input.siteId),
  ]);
  if (!exists) throw new NotFoundError(`site ${input.siteId} not found`);
  return {
    siteId: input.siteId,
    generatedAt: ctx.clock.now().toISOString(),
    ...loadView(site, records),
    findings: twinFindings(twin?.state),
    ...(control && { control }),
  };
}
