import { DEFAULT_TIME_ZONE, ownerDashboard, zonedMonth, type OwnerDashboard } from '@ampfleet/domain';
import type { FleetReadSettings, UseCaseContext } from '../ports';
import { readSite } from './read-site';

/** Commands read for the pause state: the newest pause/resume of a charge point is among them. */
const RECENT_COMMANDS = 100;
/** Sort keys hold the start time as the ECU sent it (any UTC offset): read a day more, filter exactly. */
const KEY_MARGIN_MS = 24 * 3600 * 1000;

/**
 * The site owner's dashboard for one of the organisation's sites (NOT_FOUND otherwise): the live view,
 * the transactions since the month began in the site's time zone, and the recent commands (pause
 * state), composed by the domain's `ownerDashboard`. Energy per day is tallied from the transactions'
 * meter readings on each read — there is no per-day energy history yet; one would replace this read.
 */
export async function readOwnerDashboard(
  ctx: UseCaseContext & { settings: FleetReadSettings },
  input: { siteId: string },
): Promise<OwnerDashboard> {
  const site = await readSite(ctx, input);
  const now = new Date(site.generatedAt);
  const timeZone = site.timeZone ?? DEFAULT_TIME_ZONE;
  const monthStart = zonedMonth(now, timeZone).start;
  const [transactions, commands] = await Promise.all([
    ctx.repos.transactions.startedSince(
      input.siteId,
      new Date(monthStart.getTime() - KEY_MARGIN_MS).toISOString(),
    ),
    ctx.repos.commands.list(input.siteId, RECENT_COMMANDS),
  ]);
  return ownerDashboard({ site, transactions, commands, timeZone, now });
}
