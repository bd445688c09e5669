import { z } from 'zod';

// Environment of every cloud-side process (Lambda, Next.js server, local runtime), read once through zod.
export const StoreEnv = z.object({
  AMPFLEET_TABLE_NAME: z.string().min(3),
  AWS_REGION: z.string().min(1).default('eu-central-1'),
  /** Only for DynamoDB Local; in AWS the SDK finds the regional endpoint. */
  AMPFLEET_DYNAMODB_ENDPOINT: z.url().optional(),
});
export type StoreEnv = z.infer<typeof StoreEnv>;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

export function readStoreEnv(env: Record<string, string | undefined>): StoreEnv {
  const parsed = StoreEnv.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigurationError(`invalid environment: ${detail}`);
  }
  return parsed.data;
}
