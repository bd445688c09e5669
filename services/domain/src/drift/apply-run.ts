import type { EcuParamKey } from '../config/catalog';
import type { ParamApply } from '../config/catalog-types';
import type { ConfigDrift } from './diff';
import type { HoldReason, UnsendableChange } from './apply-plan';

// An apply run ("apply desired", drift.applyDesired): what was sent to each ECU, stored once with the command
// ids planned up front, and each ECU's progress derived from the command records and the ECU's latest
// reported configuration — so the progress is never a second copy that could disagree with them.

export interface AppliedChange {
  param: EcuParamKey;
  key: string;
  name: string;
  /** The value as shown (secrets masked); the value itself lives only in the command. */
  display: string;
  apply: ParamApply;
  commandId: string;
}

export interface HeldChange {
  param: EcuParamKey;
  name: string;
  display: string;
  apply: ParamApply;
}

export interface EcuApplyRun {
  chargePointId: string;
  stationId: string;
  firmware: string;
  changes: AppliedChange[];
  held: HeldChange[];
  holdReason?: HoldReason;
  unsendable: UnsendableChange[];
  /** A Reset is due once every change is answered (confirmed restart). */
  resetPlanned: boolean;
  /** Set once, when the Reset is sent. */
  resetCommandId?: string;
  /** The commands could not be handed over (e.g. the charge point is unknown). */
  sendError?: string;
}

export interface DriftApplyRun {
  runId: string;
  siteId: string;
  createdAt: string;
  createdBy: string;
  /** After this instant nothing more is awaited: what has not finished has failed. */
  deadline: string;
  desiredVersion: number;
  confirmRestart: boolean;
  force: boolean;
  ecus: EcuApplyRun[];
}

export const ECU_APPLY_STATUSES = [
  'pending',
  'sent',
  'accepted',
  'rejected',
  'reboot-required',
  'waiting-for-report',
  'done',
  'failed',
] as const;
export type EcuApplyStatus = (typeof ECU_APPLY_STATUSES)[number];

/** What the run needs to know of one command record. */
export interface CommandState {
  status: 'pending' | 'accepted' | 'rejected' | 'refused' | 'failed' | 'expired';
  detail?: string;
  response?: Record<string, unknown>;
}

export interface EcuProgress {
  chargePointId: string;
  status: EcuApplyStatus;
  detail: string;
  /** Per sent change: its command's state and whether the ECU now reports the desired value. */
  changes: {
    param: EcuParamKey;
    name: string;
    display: string;
    apply: ParamApply;
    command: CommandState['status'];
    reported: boolean;
  }[];
  /** The Reset is due now: every change answered, none refused, restart confirmed, not yet sent. */
  resetDue: boolean;
}

const IN_FLIGHT: readonly EcuApplyStatus[] = ['pending', 'sent', 'accepted', 'waiting-for-report'];

export function inFlight(status: EcuApplyStatus): boolean {
  return IN_FLIGHT.includes(status);
}

/**
 * One ECU's progress. `commands` holds the records of the run's commands (missing: not stored yet);
 * `drift` is the ECU's drift now (undefined when unreported); `now` and the run's deadline turn what is
 * still awaited into 'failed' at the deadline.
 */
export function ecuProgress(
  ecu: EcuApplyRun,
  commands: ReadonlyMap<string, CommandState>,
  drift: ConfigDrift | undefined,
  timing: { now: string; deadline: string },
): EcuProgress {
  const stillDrifted = new Map(drift?.drifted.map((d) => [d.key, d]));
  // Reported: the ECU reports the value THIS run sent — in sync with today's desired value, or drifted
  // only because a later save wants another one (a finished run must not re-open on the next edit).
  const reportsSent = (c: AppliedChange): boolean => {
    const entry = stillDrifted.get(c.param);
    return entry === undefined || (entry.reported !== undefined && entry.reported === c.display);
  };
  const changes = ecu.changes.map((c) => ({
    param: c.param,
    name: c.name,
    display: c.display,
    apply: c.apply,
    command: commands.get(c.commandId)?.status ?? ('pending' as const),
    reported: drift !== undefined && reportsSent(c),
  }));
  const reset = ecu.resetCommandId ? commands.get(ecu.resetCommandId) : undefined;
  const late = timing.now >= timing.deadline;
  const progress = (status: EcuApplyStatus, detail: string, resetDue = false): EcuProgress => ({
    chargePointId: ecu.chargePointId,
    status,
    detail,
    changes,
    resetDue,
  });
  if (ecu.sendError) return progress('failed', ecu.sendError);
  const failed = changes.find((c) => c.command === 'failed' || c.command === 'expired');
  if (failed) return progress('failed', `${failed.name}: ${failed.command}`);
  const refused = changes.find((c) => c.command === 'rejected' || c.command === 'refused');
  if (refused) return progress('rejected', `${refused.name}: the ECU refused the value`);
  if (changes.some((c) => c.command === 'pending'))
    return late
      ? progress('failed', 'no answer before the deadline')
      : progress('sent', 'waiting for the ECU to answer');
  if (ecu.resetPlanned) {
    if (!ecu.resetCommandId)
      return late ? progress('failed', 'the Reset was not sent') : progress('accepted', 'Reset due', true);
    if (!reset || reset.status === 'pending')
      return late ? progress('failed', 'no answer to the Reset') : progress('sent', 'Reset sent');
    if (reset.status !== 'accepted') return progress('failed', `Reset: ${reset.status}`);
  }
  if (changes.some((c) => !c.reported))
    return late
      ? progress('failed', 'the ECU did not report the new values before the deadline')
      : progress('waiting-for-report', 'waiting for the ECU to report its configuration');
  if (ecu.held.length > 0)
    return progress(
      'reboot-required',
      ecu.holdReason === 'transactionRunning'
        ? 'Save & Restart parameters held: a transaction is running'
        : 'Save & Restart parameters held: restart not confirmed',
    );
  return progress(
    'done',
    ecu.changes.length === 0 ? 'nothing to send over OCPP' : 'the ECU reports the desired values',
  );
}
