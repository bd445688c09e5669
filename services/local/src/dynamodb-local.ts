import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startChild, type Child } from './children';
import { waitForPort } from './ports';

// AWS's own DynamoDB Local (the jar shipped in the npm package amplify-dynamodb-simulator).

export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
  constructor(cause?: unknown) {
    super(
      'Java 17+ is needed for DynamoDB Local and was not found: install it (Debian: apt-get install -y openjdk-17-jre-headless) and run again',
      { cause },
    );
  }
}

export async function assertJava(): Promise<void> {
  try {
    await promisify(execFile)('java', ['-version']);
  } catch (cause) {
    throw new JavaMissingError(cause);
  }
}

export function dynamoDbLocalDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

/** DynamoDB Local's own runner, bound to 127.0.0.1 (it has no bind-address option of its own). */
const LOOPBACK_LAUNCHER = fileURLToPath(new URL('../java/LoopbackDynamoDbLocal.java', import.meta.url));

export interface DynamoDbLocal {
  endpoint: string;
  child: Child;
}

/** Starts DynamoDB Local on 127.0.0.1:port, in memory unless `dataDir` is given. */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDir?: string;
  quiet?: boolean;
  /** The JVM's heap (default 512 MB); a store shared by many test files' tables gets more. */
  heapMb?: number;
}): Promise<DynamoDbLocal> {
  const dir = dynamoDbLocalDir();
  const storage = options.dataDir ? ['-dbPath', path.resolve(options.dataDir), '-sharedDb'] : ['-inMemory'];
  const child = startChild(
    'dynamodb',
    'java',
    [
      `-Xmx${options.heapMb ?? 512}m`,
      `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
      '-cp',
      `${path.join(dir, 'DynamoDBLocal.jar')}:${path.join(dir, 'DynamoDBLocal_lib', '*')}`,
      LOOPBACK_LAUNCHER,
      ...storage,
      '-port',
      String(options.port),
      '-disableTelemetry',
    ],
    { cwd: dir, quiet: options.quiet ?? true },
  );
  const failed = child.exited.then((code) => {
    throw new Error(`DynamoDB Local exited with code ${code} before it was ready`);
  });
  try {
    await Promise.race([waitForPort(options.port, 60_000), failed]);
  } catch (err) {
    await child.stop();
    throw err;
  }
  return { endpoint: `http://127.0.0.1:${options.port}`, child };
}
