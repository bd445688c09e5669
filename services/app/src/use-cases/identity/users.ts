import type { IdentityProvider } from '@ampfleet/adapters';
import {
  MemberInviteInput,
  MemberUpdateInput,
  fieldIssues,
  describeIssues,
  type MemberView,
} from '@ampfleet/domain';
import type { z } from 'zod';
import { recordAudit, requireAccess } from '../../access';
import { ConflictError, InvalidRequestError, NotFoundError } from '../../errors';
import type { CallerContext } from '../../ports';

// Members of the organisation, managed by its admins (issue #11 point 2): invite (a Cognito user with a
// temporary password shown once, plus the member record with role and sites), change role/sites, remove.

type UsersContext = CallerContext & { provider: IdentityProvider; newTemporaryPassword: () => string };

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = fieldIssues(parsed.error);
  throw new InvalidRequestError(describeIssues(issues), issues);
}

async function requireOwnSites(ctx: CallerContext, siteIds: readonly string[]) {
  if (!siteIds.length) return;
  const known = new Set((await ctx.repos.sites.items()).map((s) => s.siteId));
  const unknown = siteIds.filter((id) => !known.has(id));
  if (unknown.length)
    throw new InvalidRequestError(`siteIds: not sites of this organisation: ${unknown.join(', ')}`, [
      { path: 'siteIds', message: `not sites of this organisation: ${unknown.join(', ')}` },
    ]);
}

export async function listUsers(ctx: CallerContext): Promise<MemberView[]> {
  requireAccess(ctx, 'org:users');
  return (await ctx.repos.members.list()).sort((a, b) => a.email.localeCompare(b.email));
}

export async function inviteUser(
  ctx: UsersContext,
  input: unknown,
): Promise<{ member: MemberView; temporaryPassword: string }> {
  const admin = requireAccess(ctx, 'org:users');
  const invite = parse(MemberInviteInput, input);
  await requireOwnSites(ctx, invite.siteIds);
  if (await ctx.provider.subjectOf(invite.email))
    // One pool serves every organisation: a person has one account, in one organisation.
    throw new ConflictError(`${invite.email} already has an account`);
  const temporaryPassword = ctx.newTemporaryPassword();
  const userId = await ctx.provider.createUser(invite.email, ctx.repos.orgId, temporaryPassword);
  const member: MemberView = {
    userId,
    email: invite.email,
    role: invite.role,
    siteIds: invite.role === 'site-owner' ? invite.siteIds : [],
    invitedAt: ctx.clock.now().toISOString(),
    invitedBy: admin.kind === 'user' ? admin.email : admin.keyId,
  };
  if (!(await ctx.repos.members.add(member))) throw new ConflictError(`${invite.email} is a member already`);
  await recordAudit(ctx, { action: 'user.invite', target: invite.email, detail: `role ${invite.role}` });
  return { member, temporaryPassword };
}

export async function updateUser(ctx: CallerContext, input: unknown): Promise<MemberView> {
  const admin = requireAccess(ctx, 'org:users');
  const change = parse(MemberUpdateInput, input);
  if (admin.kind === 'user' && admin.userId === change.userId && change.role !== 'org-admin')
    throw new ConflictError('you cannot take away your own admin role; ask another admin');
  await requireOwnSites(ctx, change.siteIds);
  const updated = await ctx.repos.members.update({
    userId: change.userId,
    role: change.role,
    siteIds: change.role === 'site-owner' ? change.siteIds : [],
  });
  if (!updated) throw new NotFoundError(`user ${change.userId} not found`);
  await recordAudit(ctx, {
    action: 'user.update',
    target: updated.email,
    detail: `role ${updated.role}${updated.siteIds.length ? `, sites ${updated.siteIds.join(' ')}` : ''}`,
  });
  return updated;
}

export async function removeUser(
  ctx: CallerContext & { provider: IdentityProvider },
  input: { userId: string },
): Promise<MemberView> {
  const admin = requireAccess(ctx, 'org:users');
  if (admin.kind === 'user' && admin.userId === input.userId)
    throw new ConflictError('you cannot remove yourself; ask another admin');
  const removed = await ctx.repos.members.remove(input.userId);
  if (!removed) throw new NotFoundError(`user ${input.userId} not found`);
  // The member record is what grants access; the account goes too so the e-mail can be invited again.
  await ctx.provider.deleteUser(removed.email).catch(() => undefined);
  await recordAudit(ctx, { action: 'user.remove', target: removed.email });
  return removed;
}
