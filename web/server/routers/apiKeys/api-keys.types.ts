import { ApiKeyCreateInput, ApiKeyView } from '@ampfleet/domain';
import { z } from 'zod';

export const ApiKeysListOutput = z.object({ keys: z.array(ApiKeyView) });
export const ApiKeysCreateInput = ApiKeyCreateInput;
/** `key` is the whole key: shown once, never stored or returned again. */
export const ApiKeysCreateOutput = z.object({ key: z.string(), view: ApiKeyView });
export const ApiKeysRevokeInput = z.object({ keyId: z.string().min(1).max(64) });
export { ApiKeyView };
