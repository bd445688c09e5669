import { ChargePointId, SiteId } from '@ampfleet/domain';
import { z } from 'zod';

// dashboard.pause / dashboard.resume: one charge point of one site; the answer is the command record
// (commands.get follows it), the same view commands.send returns.
export const DashboardPauseInput = z.object({ siteId: SiteId, chargePointId: ChargePointId }).strict();
export { CommandView as DashboardPauseOutput } from '../commands/commands.types';
