import {
  householdProfile,
  siteDlmNetworks,
  SimulationOptionsError,
  whatIfPoint,
  whatIfScenario,
  type LoadSimulateInput,
  type LoadSimulateOutput,
  type PhaseVector,
} from '@ampfleet/domain';
import { InvalidRequestError, NotFoundError, RateLimitedError } from '../errors';
import type { UseCaseContext } from '../ports';

/** Simulations running in this process at once; a run is CPU-bound, so more would only queue. */
const MAX_RUNNING = 2;
let running = 0;

/**
 * load.simulate: ONE chunk of "can this connection carry N more charge points?" — the site's desired
 * configuration with `chunk` charge points added, simulated over 24 h (load/what-if.ts), with the
 * household load its meters saw over the last 7 days (hour aggregates). The caller runs chunks 0..N;
 * each request's work is bounded by one run (WHAT_IF_LIMITS), and at most MAX_RUNNING run at once.
 */
export async function simulateLoad(
  ctx: UseCaseContext,
  input: LoadSimulateInput,
): Promise<LoadSimulateOutput> {
  const { repos } = ctx;
  const [exists, site] = await Promise.all([
    repos.sites.exists(input.siteId),
    repos.load.desiredConfig(input.siteId),
  ]);
  if (!exists) throw new NotFoundError(`site ${input.siteId} not found`);
  if (!site)
    throw new InvalidRequestError('the site has no stored configuration to simulate', [
      { path: 'siteId', message: 'no desired configuration' },
    ]);
  const household = await householdOf(ctx, input.siteId, site);
  if (running >= MAX_RUNNING) throw new RateLimitedError('what-if simulations are busy, retry shortly', 2);
  running++;
  try {
    const scenario = whatIfScenario(site, input.chunk, household);
    const point = whatIfPoint(scenario, input.chunk);
    const chunks = input.additionalChargePoints + 1;
    return {
      siteId: input.siteId,
      chunk: input.chunk,
      chunks,
      progress: (input.chunk + 1) / chunks,
      hours: 24,
      mainConnectionA: {
        l1: scenario.mainConnectionLimit[0],
        l2: scenario.mainConnectionLimit[1],
        l3: scenario.mainConnectionLimit[2],
      },
      point,
    };
  } catch (err) {
    if (err instanceof SimulationOptionsError)
      throw new InvalidRequestError(err.message, [{ path: 'additionalChargePoints', message: err.message }], {
        cause: err,
      });
    throw err;
  } finally {
    running--;
  }
}

/** Per metered DLM network: the household load per hour of day over the last 7 days. */
async function householdOf(
  ctx: UseCaseContext,
  siteId: string,
  site: NonNullable<Awaited<ReturnType<UseCaseContext['repos']['load']['desiredConfig']>>>,
): Promise<Record<string, PhaseVector[]>> {
  const now = ctx.clock.now().getTime();
  const hourKey = (ms: number) => new Date(ms).toISOString().slice(0, 13);
  const metered = siteDlmNetworks(site).filter((n) => n.masterConfig.externalMeterSupport === true);
  const profiles = await Promise.all(
    metered.map(async (n) => {
      const hours = await ctx.repos.load.hours(siteId, {
        networkId: n.id,
        fromHour: hourKey(now - 7 * 86_400_000),
        toHour: hourKey(now),
      });
      return [
        n.id,
        householdProfile(hours, n.masterConfig.externalMeterLocation === 'includingEvse'),
      ] as const;
    }),
  );
  return Object.fromEntries(
    profiles.filter((p): p is readonly [string, PhaseVector[]] => p[1] !== undefined),
  );
}
