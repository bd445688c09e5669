import { z } from 'zod';
import { TwinDiagnosis, type TwinFinding } from '../contracts/twin';
import { IsoTime } from '../contracts/envelope';

// The twin's window per DLM network (issue #13 point 3): symptoms of successive evaluations become a
// finding only after they persist, and a finding clears only after it has been absent for as long —
// hysteresis, so a gap that comes and goes (an EV plugging in between two samples, the master's own
// lag of one period) never raises or flaps a finding. Pure: state + evaluation → state.

export interface TwinWindowSettings {
  /** Consecutive evaluations that must show a symptom before it is raised. */
  readonly raiseAfterEvaluations: number;
  /** …and the sample periods they must span (first seen → now). */
  readonly raiseAfterPeriods: number;
  /** Consecutive evaluations without it before a finding clears. */
  readonly clearAfterEvaluations: number;
}

export const DEFAULT_TWIN_WINDOW: TwinWindowSettings = {
  raiseAfterEvaluations: 3,
  raiseAfterPeriods: 2,
  clearAfterEvaluations: 3,
};

const Pending = z
  .object({ diagnosis: TwinDiagnosis, firstSeenAt: IsoTime, lastSeenAt: IsoTime, seen: z.number().int() })
  .strict();
const Active = z
  .object({
    diagnosis: TwinDiagnosis,
    firstSeenAt: IsoTime,
    raisedAt: IsoTime,
    lastSeenAt: IsoTime,
    absent: z.number().int(),
  })
  .strict();

export const NetworkWindow = z
  .object({
    /** observedAt of the DLM state last evaluated (older or equal messages are not evaluated again). */
    evaluatedAt: IsoTime,
    /** What counts as a change of the DLM state (statuses, meter, limits) at that evaluation. */
    changeKey: z.string(),
    pending: z.record(z.string(), Pending),
    active: z.record(z.string(), Active),
  })
  .strict();
export type NetworkWindow = z.infer<typeof NetworkWindow>;

/** A finding's stable id: code, network and charge point. */
export const findingKey = (d: TwinDiagnosis): string =>
  [d.code, d.networkId, d.chargePointId ?? ''].join(':');

export interface WindowStep {
  readonly window: NetworkWindow;
  readonly raised: readonly string[];
  readonly cleared: readonly string[];
}

/** One evaluation's symptoms applied to the network's window. */
export function stepWindow(
  previous: NetworkWindow | undefined,
  symptoms: readonly TwinDiagnosis[],
  evaluation: { at: string; changeKey: string; sampleRateS: number },
  settings: TwinWindowSettings = DEFAULT_TWIN_WINDOW,
): WindowStep {
  const { at } = evaluation;
  const seen = new Map(symptoms.map((d) => [findingKey(d), d]));
  const pending: NetworkWindow['pending'] = {};
  const active: NetworkWindow['active'] = {};
  const raised: string[] = [];
  const cleared: string[] = [];
  for (const [key, finding] of Object.entries(previous?.active ?? {})) {
    const diagnosis = seen.get(key);
    if (diagnosis) active[key] = { ...finding, diagnosis, lastSeenAt: at, absent: 0 };
    else if (finding.absent + 1 >= settings.clearAfterEvaluations) cleared.push(key);
    else active[key] = { ...finding, absent: finding.absent + 1 };
  }
  const spanMs = settings.raiseAfterPeriods * evaluation.sampleRateS * 1000;
  for (const [key, diagnosis] of seen) {
    if (active[key]) continue;
    const before = previous?.pending[key];
    const run = before
      ? { ...before, diagnosis, lastSeenAt: at, seen: before.seen + 1 }
      : { diagnosis, firstSeenAt: at, lastSeenAt: at, seen: 1 };
    const persisted =
      run.seen >= settings.raiseAfterEvaluations && Date.parse(at) - Date.parse(run.firstSeenAt) >= spanMs;
    if (persisted) {
      active[key] = { diagnosis, firstSeenAt: run.firstSeenAt, raisedAt: at, lastSeenAt: at, absent: 0 };
      raised.push(key);
    } else pending[key] = run; // a pending symptom missing from this evaluation is dropped: its run broke
  }
  return { window: { evaluatedAt: at, changeKey: evaluation.changeKey, pending, active }, raised, cleared };
}

/** The raised findings of a window, for the read side. */
export function findingsOf(window: NetworkWindow): TwinFinding[] {
  return Object.entries(window.active).map(([id, a]) => ({
    id,
    ...a.diagnosis,
    firstSeenAt: a.firstSeenAt,
    raisedAt: a.raisedAt,
    lastSeenAt: a.lastSeenAt,
  }));
}
