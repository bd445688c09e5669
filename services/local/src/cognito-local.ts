import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import type { IdentityProviderEnv } from '@ampfleet/adapters';
import { startChild, type Child } from './children';
import { freePort, waitForPort } from './ports';

// The Amazon Cognito stand-in for `npm start` and tests: cognito-local (npm), speaking the same API, so
// the console's sign-in and token verification run the same code as in AWS. It keeps its users in
// `<dir>/.cognito` — a run-private directory, or beside --data so users survive restarts.

const POOL_NAME = 'ampfleet-local';
const CLIENT_NAME = 'ampfleet-console';

export interface CognitoLocal {
  child: Child;
  endpoint: string;
  env: IdentityProviderEnv;
}

export function cognitoAdminClient(endpoint: string, region: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region,
    endpoint,
    credentials: { accessKeyId: 'cognito-local', secretAccessKey: 'cognito-local' },
  });
}

export async function startCognitoLocal(options: {
  dir: string;
  region: string;
  quiet: boolean;
  port?: number;
}): Promise<CognitoLocal> {
  const port = options.port ?? (await freePort());
  await mkdir(options.dir, { recursive: true });
  const bin = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
  const child = startChild('cognito', process.execPath, ['--no-deprecation', bin], {
    cwd: options.dir,
    // Loopback only (brief rule 8); the SDK v2 inside warns about its end of life on every start.
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    },
    // Its log is per request and multi-line (expected refusals included); the console logs sign-ins itself.
    onLine: (line) => {
      if (!options.quiet && line.includes('Cognito Local running'))
        process.stdout.write(`[cognito] ${line}\n`);
    },
  });
  try {
    await Promise.race([
      waitForPort(port, 30_000),
      child.exited.then((code) => {
        throw new Error(`cognito-local exited with code ${code}`);
      }),
    ]);
    const endpoint = `http://127.0.0.1:${port}`;
    const { poolId, clientId } = await ensurePool(cognitoAdminClient(endpoint, options.region));
    return {
      child,
      endpoint,
      env: {
        AMPFLEET_COGNITO_USER_POOL_ID: poolId,
        AMPFLEET_COGNITO_CLIENT_ID: clientId,
        AMPFLEET_COGNITO_ISSUER: `${endpoint}/${poolId}`,
        AMPFLEET_COGNITO_ENDPOINT: endpoint,
        AWS_REGION: options.region,
      },
    };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

/** The user pool and app client, as infra creates them in AWS (custom:org, USER_PASSWORD_AUTH); reused when kept. */
async function ensurePool(
  client: CognitoIdentityProviderClient,
): Promise<{ poolId: string; clientId: string }> {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let poolId = pools.UserPools?.find((p) => p.Name === POOL_NAME)?.Id;
  if (!poolId) {
    const created = await client.send(
      new CreateUserPoolCommand({
        PoolName: POOL_NAME,
        UsernameAttributes: ['email'],
        Schema: [{ Name: 'org', AttributeDataType: 'String', Mutable: false }],
      }),
    );
    poolId = created.UserPool?.Id;
  }
  if (!poolId) throw new Error('cognito-local created no user pool');
  const clients = await client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }));
  let clientId = clients.UserPoolClients?.find((c) => c.ClientName === CLIENT_NAME)?.ClientId;
  if (!clientId) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: CLIENT_NAME,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    clientId = created.UserPoolClient?.ClientId;
  }
  if (!clientId) throw new Error('cognito-local created no app client');
  return { poolId, clientId };
}
