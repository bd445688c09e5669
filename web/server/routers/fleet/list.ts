import { readFleet } from '@ampfleet/adapters';
import { buildFleetView } from '@ampfleet/domain';
import { serverEnv } from '../../env';
import { orgProcedure } from '../../trpc';
import { FleetListInput, FleetListOutput } from './list.types';

/** The caller's organisation's fleet: sites → charge points → connectors with live per-phase currents. */
export const list = orgProcedure
  .input(FleetListInput)
  .output(FleetListOutput)
  .query(async ({ ctx }) => {
    const snapshot = await readFleet(ctx.store.doc, ctx.store.table, ctx.orgId);
    const now = new Date();
    const sites = buildFleetView(snapshot, {
      now,
      heartbeatIntervalS: serverEnv().AMPFLEET_HEARTBEAT_INTERVAL_S,
    });
    return { generatedAt: now.toISOString(), sites };
  });
