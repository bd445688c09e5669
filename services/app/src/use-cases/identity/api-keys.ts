import { ApiKeyCreateInput, describeIssues, fieldIssues, type ApiKeyView } from '@ampfleet/domain';
import { recordAudit, requireAccess } from '../../access';
import { InvalidRequestError, NotFoundError } from '../../errors';
import type { CallerContext } from '../../ports';

// Partner API keys of the organisation (issue #11 point 5): created and revoked by an org admin; the
// whole key is returned once, at creation; lists show the public key id, never the secret or its hash.

export async function listApiKeys(ctx: CallerContext): Promise<ApiKeyView[]> {
  requireAccess(ctx, 'org:api-keys');
  return (await ctx.repos.apiKeys.list()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function createApiKey(
  ctx: CallerContext,
  input: unknown,
): Promise<{ key: string; view: ApiKeyView }> {
  const admin = requireAccess(ctx, 'org:api-keys');
  const parsed = ApiKeyCreateInput.safeParse(input);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error);
    throw new InvalidRequestError(describeIssues(issues), issues);
  }
  const created = await ctx.repos.apiKeys.create({
    ...parsed.data,
    createdAt: ctx.clock.now().toISOString(),
    createdBy: admin.kind === 'user' ? admin.email : admin.keyId,
  });
  await recordAudit(ctx, {
    action: 'api-key.create',
    target: created.view.keyId,
    detail: `${created.view.name}: ${created.view.scopes.join(', ')}, ${created.view.ratePerMinute}/min`,
  });
  return created;
}

export async function revokeApiKey(ctx: CallerContext, input: { keyId: string }): Promise<ApiKeyView> {
  requireAccess(ctx, 'org:api-keys');
  const revoked = await ctx.repos.apiKeys.revoke(input.keyId, ctx.clock.now().toISOString());
  if (!revoked) throw new NotFoundError(`API key ${input.keyId} not found or revoked already`);
  await recordAudit(ctx, { action: 'api-key.revoke', target: input.keyId, detail: revoked.name });
  return revoked;
}
