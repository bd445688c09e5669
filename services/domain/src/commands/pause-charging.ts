import type { Command } from '../contracts/commands';

// What a site owner means by "pause charging" at a charge point: the car stays plugged in and its
// session stays open, but no current flows until they resume. In OCPP 1.6 that is a charging profile
// with a 0 A limit, not RemoteStopTransaction (ends the session; resuming would need a new
// authorisation) nor ChangeAvailability Inoperative (only 'Scheduled' while a transaction runs, so it
// takes effect after the car leaves). A ChargePointMaxProfile caps the whole charge point whatever
// transaction profiles exist; the charge point then offers 0 A (status SuspendedEVSE) and DLM hands the
// current it releases to the other vehicles (§7, operating principle). The edge agent runs it as
// SetChargingProfile / ClearChargingProfile; resuming clears exactly this profile (by id), nothing else.

/** The pause profile's id on every charge point (reserved: other profiles must not use it). */
export const PAUSE_PROFILE_ID = 900_001;
/** The highest stack level: a pause wins over any other ChargePointMaxProfile. */
export const PAUSE_STACK_LEVEL = 100;

type CommandBody<K extends Command['kind']> = Omit<
  Extract<Command, { kind: K }>,
  'v' | 'commandId' | 'issuedAt' | 'deadline' | 'chargePointId'
>;

/** The command body (kind and fields) that pauses charging at a charge point from `at` on. */
export function pauseChargingCommand(at: Date): CommandBody<'setChargingProfile'> {
  return {
    kind: 'setChargingProfile',
    connectorId: 0,
    csChargingProfiles: {
      chargingProfileId: PAUSE_PROFILE_ID,
      stackLevel: PAUSE_STACK_LEVEL,
      chargingProfilePurpose: 'ChargePointMaxProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        startSchedule: at.toISOString(),
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 0 }],
      },
    },
  };
}

/** The command body that resumes charging: clears the pause profile only. */
export function resumeChargingCommand(): CommandBody<'clearChargingProfile'> {
  return { kind: 'clearChargingProfile', id: PAUSE_PROFILE_ID };
}

/** Whether a command is a pause or a resume (as built above), or neither. */
export function pauseActionOf(command: Command): 'pause' | 'resume' | undefined {
  if (command.kind === 'setChargingProfile')
    return command.csChargingProfiles.chargingProfileId === PAUSE_PROFILE_ID ? 'pause' : undefined;
  if (command.kind === 'clearChargingProfile') return command.id === PAUSE_PROFILE_ID ? 'resume' : undefined;
  return undefined;
}
