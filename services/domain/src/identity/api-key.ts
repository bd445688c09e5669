import { z } from 'zod';
import { ApiKeyScope } from './roles';

// Partner API keys: `amp_<keyId>_<secret>`. The key id is public (shown in lists, written to the audit
// trail); only a hash of the secret is stored, and the whole key is shown once, at creation.

const KEY_PATTERN = /^amp_([a-z0-9]{12})_([A-Za-z0-9_-]{32,64})$/;

export function parseApiKey(text: string): { keyId: string; secret: string } | undefined {
  const m = KEY_PATTERN.exec(text.trim());
  return m ? { keyId: m[1] as string, secret: m[2] as string } : undefined;
}

export function formatApiKey(keyId: string, secret: string): string {
  return `amp_${keyId}_${secret}`;
}

/** Requests per minute a key may make unless its creator chose otherwise. */
export const DEFAULT_API_KEY_RATE_PER_MIN = 120;

export const ApiKeyCreateInput = z.object({
  name: z.string().trim().min(1, 'give the key a name').max(80),
  scopes: z.array(ApiKeyScope).min(1, 'choose at least one scope'),
  ratePerMinute: z.number().int().min(1).max(6000).default(DEFAULT_API_KEY_RATE_PER_MIN),
});
export type ApiKeyCreateInput = z.infer<typeof ApiKeyCreateInput>;

/** What lists and pages may show of a key: never its hash or secret. */
export const ApiKeyView = z.object({
  keyId: z.string(),
  name: z.string(),
  scopes: z.array(ApiKeyScope),
  ratePerMinute: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().optional(),
  lastUsedAt: z.string().optional(),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;
