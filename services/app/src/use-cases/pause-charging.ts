import type { CommandRecord } from '@ampfleet/adapters';
import { pauseChargingCommand, resumeChargingCommand } from '@ampfleet/domain';
import type { CallerContext, CommandPublisher } from '../ports';
import { sendCommand } from './send-command';

/** How long a pause or resume waits for a charge point that is offline before it reports 'expired'. */
export const PAUSE_DEADLINE_S = 15 * 60;

type Ctx = CallerContext & { publisher: CommandPublisher; newId: () => string };
interface Target {
  siteId: string;
  chargePointId: string;
}

/**
 * The site owner's "pause charging" at one charge point: the car stays plugged in, no current flows
 * (a 0 A ChargePointMaxProfile, see the domain's pause-charging.ts), sent like any command.
 */
export function pauseCharging(ctx: Ctx, target: Target): Promise<CommandRecord> {
  // The owner's own action: 'site:owner-action', not the 'site:load' a charging profile needs otherwise.
  return sendCommand(
    ctx,
    { ...target, deadlineS: PAUSE_DEADLINE_S, command: pauseChargingCommand(ctx.clock.now()) },
    'site:owner-action',
  );
}

/** "Resume": clears the pause profile (only it) so the charge point offers current again. */
export function resumeCharging(ctx: Ctx, target: Target): Promise<CommandRecord> {
  return sendCommand(
    ctx,
    { ...target, deadlineS: PAUSE_DEADLINE_S, command: resumeChargingCommand() },
    'site:owner-action',
  );
}
