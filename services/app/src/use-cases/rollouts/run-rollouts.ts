import { forOrg, listActiveRollouts, type FleetStore } from '@ampfleet/adapters';
import type { RolloutProgress } from '@ampfleet/domain';
import type { Clock, CommandPublisher } from '../../ports';
import { advanceRollout, DEFAULT_RUNNER_SETTINGS } from './advance-rollout';
import type { RunnerSettings } from './collect-site';

// The runner's tick (a 1-minute schedule and a kick on create in AWS; a timer in the local stack): every
// organisation's unfinished rollouts, each over its own organisation's repositories. One rollout's failure
// is reported and does not stop the others; the next tick retries it.

export interface RolloutTick {
  orgId: string;
  rolloutId: string;
  progress?: RolloutProgress;
  error?: string;
}

export async function advanceActiveRollouts(deps: {
  store: FleetStore;
  clock: Clock;
  publisher: CommandPublisher;
  settings?: RunnerSettings;
}): Promise<RolloutTick[]> {
  const active = await listActiveRollouts(deps.store.doc, deps.store.table);
  const ticks: RolloutTick[] = [];
  for (const { orgId, rolloutId } of active) {
    const ctx = { repos: forOrg(orgId, deps.store), clock: deps.clock, publisher: deps.publisher };
    try {
      const progress = await advanceRollout(ctx, rolloutId, deps.settings ?? DEFAULT_RUNNER_SETTINGS);
      ticks.push({ orgId, rolloutId, ...(progress && { progress }) });
    } catch (err) {
      ticks.push({ orgId, rolloutId, error: (err as Error).message });
    }
  }
  return ticks;
}
