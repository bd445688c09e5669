// The allocation engine: FIFO admission at min current → continuous max-min fair share → whole amps.
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
  const fair = fairShare(problem, admission.admitted);
  const amps = toWholeAmps(problem, fair.share, admission.admitted);
  return explain(problem, admission, fair, amps);
}
