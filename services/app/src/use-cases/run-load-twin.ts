import { evaluateTwin, type DlmStateTelemetry, type TwinDue } from '@ampfleet/domain';
import type { UseCaseContext } from '../ports';

// The twin handler's use case (issue #13 point 3): on a DLM network's new state, run the allocation
// over the site's stored state (desired configuration + latest DLM states and meter readings, with this
// state in it), keep the predicted offers and the windows, raise and clear findings. One read each of
// the twin item, the desired configuration, the DLM items and the limits the load control commanded
// (the operator limit a master rightly reports while the cloud controls it); one conditional write.

export type TwinRunOutcome =
  | { status: 'evaluated'; raised: readonly string[]; cleared: readonly string[] }
  | { status: 'skipped'; reason: Exclude<TwinDue, 'due'> | 'unknownNetwork' | 'noConfiguration' };

/** The twin item changed between read and write (another evaluation of the site); the queue retries. */
export class TwinConflictError extends Error {
  override readonly name = 'TwinConflictError';
  constructor(siteId: string) {
    super(`load twin of site ${siteId} was written concurrently`);
  }
}

export async function runLoadTwin(
  ctx: UseCaseContext,
  input: { siteId: string; message: DlmStateTelemetry },
): Promise<TwinRunOutcome> {
  const { load, loadControl } = ctx.repos;
  const [stored, site, records, commanded] = await Promise.all([
    load.twin(input.siteId),
    load.desiredConfig(input.siteId),
    load.networks(input.siteId),
    loadControl.commanded(input.siteId),
  ]);
  if (!site) return { status: 'skipped', reason: 'noConfiguration' };
  const evaluation = evaluateTwin({
    site,
    records,
    message: input.message,
    previous: stored?.state,
    commandedOperatorA: Object.fromEntries(
      Object.entries(commanded.networks).map(([networkId, c]) => [networkId, c.amps]),
    ),
  });
  if (evaluation.kind === 'skipped') return { status: 'skipped', reason: evaluation.reason };
  const saved = await load.saveTwin(input.siteId, evaluation.state, stored?.rev);
  if (saved === 'conflict') throw new TwinConflictError(input.siteId);
  return { status: 'evaluated', raised: evaluation.raised, cleared: evaluation.cleared };
}
