import {
  Command,
  COMMAND_SCHEMA_VERSION,
  controlSite,
  controlSiteOf,
  type ChargePointDecision,
  type ControlDecision,
  type NetworkDecision,
} from '@ampfleet/domain';
import { CommandTargetUnknownError, type CommandedLimits } from '@ampfleet/adapters';
import type { CommandPublisher, UseCaseContext } from '../../ports';
import { chargePointObservations, networkObservations } from './observations';

// One control run for one site (issue #13 point 4): the stored configuration, settings, latest DLM
// states and meter readings and the limits commanded so far → the controller → a command for each limit
// that changes, through the ordinary command path (stored 'pending', then published; the agent's result
// closes it), and the new commanded limits stored. Nothing is sent when nothing changes.

export type ControlRunContext = UseCaseContext & { publisher: CommandPublisher; newId: () => string };

/** How long a control command may wait for its charge point (s): the next run replaces it anyway. */
const CONTROL_COMMAND_DEADLINE_S = 120;
/** The charging profile id the controller owns on each cloud-managed charge point. */
export const CONTROL_PROFILE_ID = 1400;

export async function runLoadControl(
  ctx: ControlRunContext,
  siteId: string,
): Promise<ControlDecision | undefined> {
  const [config, settings, records, commanded] = await Promise.all([
    ctx.repos.load.desiredConfig(siteId),
    ctx.repos.loadControl.settings(siteId),
    ctx.repos.load.networks(siteId),
    ctx.repos.loadControl.commanded(siteId),
  ]);
  if (config === undefined || settings === undefined) return undefined;
  const site = controlSiteOf(config);
  const connectors =
    site.chargePointsWithoutDlm.length > 0 ? (await ctx.repos.chargePoints.ofSite(siteId)).connectors : [];
  const now = ctx.clock.now();
  const decision = controlSite({
    site,
    settings,
    now,
    networks: networkObservations(records),
    chargePoints: chargePointObservations(connectors),
    commanded,
  });
  const next: CommandedLimits = {
    networks: { ...commanded.networks },
    chargePoints: { ...commanded.chargePoints },
  };
  let changed = false;
  for (const d of decision.networks.filter((n) => n.send)) {
    if (await send(ctx, siteId, d.masterChargePointId, operatorLimit(d), now)) {
      next.networks[d.networkId] = { amps: d.limitA, at: now.toISOString() };
      changed = true;
    }
  }
  for (const d of decision.chargePoints.filter((c) => c.send)) {
    if (await send(ctx, siteId, d.chargePointId, chargePointMax(d, now), now)) {
      next.chargePoints[d.chargePointId] = { amps: d.limitA, at: now.toISOString() };
      changed = true;
    }
  }
  if (changed) await ctx.repos.loadControl.setCommanded(siteId, next);
  return decision;
}

const operatorLimit = (d: NetworkDecision) => ({ kind: 'setOperatorLimit' as const, amps: d.limitA });

function chargePointMax(d: ChargePointDecision, now: Date) {
  return {
    kind: 'setChargingProfile' as const,
    connectorId: 0,
    csChargingProfiles: {
      chargingProfileId: CONTROL_PROFILE_ID,
      stackLevel: 0,
      chargingProfilePurpose: d.profile,
      chargingProfileKind: 'Absolute' as const,
      chargingSchedule: {
        startSchedule: now.toISOString(),
        chargingRateUnit: 'A' as const,
        chargingSchedulePeriod: [{ startPeriod: 0, limit: d.limitA }],
      },
    },
  };
}

/** Stores and publishes one command; false when the publish failed (the record is closed 'failed'). */
async function send(
  ctx: ControlRunContext,
  siteId: string,
  chargePointId: string,
  body: Record<string, unknown>,
  now: Date,
): Promise<boolean> {
  const command = Command.parse({
    ...body,
    v: COMMAND_SCHEMA_VERSION,
    commandId: ctx.newId(),
    issuedAt: now.toISOString(),
    deadline: new Date(now.getTime() + CONTROL_COMMAND_DEADLINE_S * 1000).toISOString(),
    chargePointId,
  });
  let record;
  try {
    record = await ctx.repos.commands.create(siteId, command, Math.floor(now.getTime() / 1000));
  } catch (err) {
    // A charge point the cloud has not seen boot yet cannot be commanded: the next run tries again.
    if (err instanceof CommandTargetUnknownError) return false;
    throw err;
  }
  try {
    await ctx.publisher.publish(ctx.repos.orgId, siteId, command);
    return true;
  } catch (err) {
    await ctx.repos.commands.failPending(siteId, record.commandId, (err as Error).message, now.toISOString());
    return false;
  }
}
