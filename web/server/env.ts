import { IdentityProviderEnv, readStoreEnv } from '@ampfleet/adapters';
import { z } from 'zod';

// The console server's environment, read once through zod; a bad value fails at start-up, naming it.
const ConsoleEnv = z.object({
  /** Heartbeat interval the edge agents hand out; a charge point is online within 3 of them. */
  AMPFLEET_HEARTBEAT_INTERVAL_S: z.coerce.number().int().min(10).default(300),
  /** AWS: the account's IoT data endpoint (https://<prefix>-ats.iot.<region>.amazonaws.com) for commands. */
  AMPFLEET_IOT_DATA_ENDPOINT: z.url({ protocol: /^https$/ }).optional(),
  AWS_REGION: z.string().min(1).optional(),
  /** Broker the console publishes commands to (the local stack's MQTT broker). */
  AMPFLEET_MQTT_URL: z
    .string()
    .regex(/^mqtts?:\/\//, 'must start with mqtt:// or mqtts://')
    .optional(),
  /** Site provisioning, locally: the broker URL written into a site box's config (default AMPFLEET_MQTT_URL). */
  AMPFLEET_EDGE_MQTT_URL: z
    .string()
    .regex(/^mqtts?:\/\/[^\s/]+$/, 'must be mqtt://host:port or mqtts://host:port')
    .optional(),
  /** Site provisioning, locally: the local CA's directory (default <repo>/.ampfleet-local-ca, as the CLI's). */
  AMPFLEET_LOCAL_CA_DIR: z.string().min(1).optional(),
  /** Site provisioning in AWS: the CA of AWS IoT's endpoint (AmazonRootCA1.pem), put into each bundle. */
  AMPFLEET_IOT_ROOT_CA_FILE: z.string().min(1).optional(),
});

function fail(issues: z.core.$ZodIssue[]): never {
  throw new Error(
    `invalid console environment: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
  );
}

let cached: (z.infer<typeof ConsoleEnv> & ReturnType<typeof readStoreEnv>) | undefined;

export function serverEnv() {
  if (!cached) {
    const parsed = ConsoleEnv.safeParse(process.env);
    if (!parsed.success) fail(parsed.error.issues);
    cached = { ...parsed.data, ...readStoreEnv(process.env) };
  }
  return cached;
}

let identityCached: IdentityProviderEnv | undefined;

/** The identity provider's settings (Cognito user pool, app client, issuer), read when sign-in is first used. */
export function identityEnv(): IdentityProviderEnv {
  if (!identityCached) {
    const parsed = IdentityProviderEnv.safeParse(process.env);
    if (!parsed.success) fail(parsed.error.issues);
    identityCached = parsed.data;
  }
  return identityCached;
}
