// The allocation engine: FIFO admission (room at min current, others raised where that balances the
// phases) → continuous max-min fair share → whole amps.
import { admitFifo } from './admission';
import type { AllocationResult } from './explain';
import { explain } from './explain';
import { fairShare } from './fair-share';
import { buildProblem } from './problem';
import type { AllocationInput } from './schema';
import { toWholeAmps } from './whole-amps';

/** Allocates current to every charge point of a site. Pure; input already parsed (defaults applied). */
export function allocate(input: AllocationInput): AllocationResult {
  const problem = buildProblem(input);
  const admission = admitFifo(problem);
  const fair = fairShare(problem, admission.admitted, admission.support);
  const amps = toWholeAmps(problem, fair.share, admission.admitted, admission.support);
  return explain(problem, admission, fair, amps);
}
