import type { CommandStatus } from '../contracts/commands';

// A rollout's state and progress, computed from its per-site states and the command records' results —
// pure, so the runner, the console and the tests read the same numbers.

export const ROLLOUT_STATUSES = ['running', 'paused', 'cancelled', 'done'] as const;
export type RolloutStatus = (typeof ROLLOUT_STATUSES)[number];

/**
 * queued: not started; applying: version saved and commands sent, results outstanding (in flight);
 * done: every ECU answered; failed: the change did not apply or an ECU failed; cancelled: never started.
 */
export const ROLLOUT_SITE_STATES = ['queued', 'applying', 'done', 'failed', 'cancelled'] as const;
export type RolloutSiteState = (typeof ROLLOUT_SITE_STATES)[number];

export const FINISHED_SITE_STATES: ReadonlySet<RolloutSiteState> = new Set(['done', 'failed', 'cancelled']);

export interface RolloutProgress {
  total: number;
  queued: number;
  inFlight: number;
  done: number;
  failed: number;
  cancelled: number;
  /** Finished sites (done, failed, cancelled) in % of all, whole number. */
  percent: number;
}

export function progressOf(states: readonly RolloutSiteState[]): RolloutProgress {
  const p = { total: states.length, queued: 0, inFlight: 0, done: 0, failed: 0, cancelled: 0, percent: 0 };
  for (const state of states) {
    if (state === 'queued') p.queued += 1;
    else if (state === 'applying') p.inFlight += 1;
    else p[state] += 1;
  }
  const finished = p.done + p.failed + p.cancelled;
  p.percent = p.total === 0 ? 100 : Math.floor((finished * 100) / p.total);
  return p;
}

/** Which queued sites to start now: fill the free slots under the cap, in the rollout's site order. */
export function sitesToStart<T extends { state: RolloutSiteState }>(
  sites: readonly T[],
  maxInFlight: number,
): T[] {
  const inFlight = sites.filter((s) => s.state === 'applying').length;
  const free = Math.max(0, maxInFlight - inFlight);
  return sites.filter((s) => s.state === 'queued').slice(0, free);
}

/** One command's outcome as far as the rollout cares. */
export type StepOutcome = 'pending' | 'succeeded' | 'failed';

/**
 * A command record's outcome: its result status once the agent reported one; still pending after its
 * deadline plus `graceS` counts as failed (the agent never answered: the site must not stay in flight).
 */
export function stepOutcome(
  command: { status: 'pending' | CommandStatus; deadline: string },
  now: Date,
  graceS: number,
): StepOutcome {
  if (command.status === 'accepted') return 'succeeded';
  if (command.status !== 'pending') return 'failed';
  return now.getTime() > Date.parse(command.deadline) + graceS * 1000 ? 'failed' : 'pending';
}

/** An ECU's outcome from its steps' outcomes: failed as soon as one failed, pending while one is open. */
export function ecuOutcome(steps: readonly StepOutcome[]): StepOutcome {
  if (steps.includes('failed')) return 'failed';
  return steps.includes('pending') ? 'pending' : 'succeeded';
}
