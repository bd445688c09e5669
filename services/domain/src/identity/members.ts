import { z } from 'zod';
import { SiteId } from '../contracts/ids';
import { Role } from './roles';

// A person's membership of an organisation: the role and (for site owners) the assigned sites. Kept in
// our table, not in the identity provider, so an admin's change takes effect on the next request.

export const Email = z.string().trim().toLowerCase().email('not an e-mail address').max(254);

export const MemberView = z.object({
  userId: z.string(),
  email: z.string(),
  role: Role,
  siteIds: z.array(SiteId),
  invitedAt: z.string(),
  invitedBy: z.string(),
});
export type MemberView = z.infer<typeof MemberView>;

export const MemberInviteInput = z
  .object({ email: Email, role: Role, siteIds: z.array(SiteId).max(500).default([]) })
  .refine((m) => m.role !== 'site-owner' || m.siteIds.length > 0, {
    path: ['siteIds'],
    message: 'a site owner needs at least one site',
  });
export type MemberInviteInput = z.infer<typeof MemberInviteInput>;

export const MemberUpdateInput = z
  .object({ userId: z.string().min(1), role: Role, siteIds: z.array(SiteId).max(500).default([]) })
  .refine((m) => m.role !== 'site-owner' || m.siteIds.length > 0, {
    path: ['siteIds'],
    message: 'a site owner needs at least one site',
  });
export type MemberUpdateInput = z.infer<typeof MemberUpdateInput>;
