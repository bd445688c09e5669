import { OwnerDashboard, SiteId } from '@ampfleet/domain';
import { z } from 'zod';

// dashboard.get: the site owner's dashboard of one site (domain: fleet/owner-dashboard.ts).
export const DashboardGetInput = z.object({ siteId: SiteId }).strict();
export const DashboardGetOutput = OwnerDashboard;
export type DashboardGetOutput = z.infer<typeof DashboardGetOutput>;
