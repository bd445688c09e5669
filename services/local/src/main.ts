// `npm start`: the whole system on this machine. Flags: --port N (console, default 3000), --data DIR
// (keep DynamoDB data across restarts), --dynamodb-port N, --mqtt-port N, --sites N (lightweight sites).
import { parseArgs } from 'node:util';
import { stopOnSignals } from '@ampfleet/adapters/shutdown';
import { DEMO_ORG_ID } from './demo-fleet';
import { JavaMissingError } from './dynamodb-local';
import { PortInUseError } from './ports';
import { startLocalStack } from './stack';

const FLAG_FOR: Record<string, string> = {
  console: '--port',
  'DynamoDB Local': '--dynamodb-port',
  'MQTT broker': '--mqtt-port',
};

function portFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`ampfleet: ${name} must be a port number (1–65535), got ${JSON.stringify(value)}\n`);
    process.exit(2);
  }
  return port;
}

const MAX_SITES = 9_999; // ids ls-0001…ls-9999

function siteCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const sites = Number(value);
  if (!/^\d+$/.test(value) || sites > MAX_SITES) {
    process.stderr.write(
      `ampfleet: --sites must be a whole number from 0 to ${MAX_SITES}, got ${JSON.stringify(value)}\n`,
    );
    process.exit(2);
  }
  return sites;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      'dynamodb-port': { type: 'string' },
      'mqtt-port': { type: 'string' },
      sites: { type: 'string' },
    },
  });
  const consolePort = portFlag(values.port ?? process.env.PORT, '--port') ?? 3000;
  const stack = await startLocalStack({
    consolePort,
    dataDir: values.data,
    dynamoPort: portFlag(values['dynamodb-port'], '--dynamodb-port'),
    mqttPort: portFlag(values['mqtt-port'], '--mqtt-port'),
    sites: siteCount(values.sites),
  });
  process.stdout.write(`console: ${stack.consoleUrl}\n`);
  // One line per person (`demo <role>: <email> <password>`) and the partner key: the public contract of npm start.
  for (const person of stack.demoIdentities)
    process.stdout.write(
      person.orgId === DEMO_ORG_ID
        ? `demo ${person.role}: ${person.email} ${person.password}\n`
        : `second organisation (${person.orgId}) ${person.role}: ${person.email} ${person.password}\n`,
    );
  process.stdout.write(`demo partner API key: ${stack.demoApiKey}\n`);
  process.stdout.write(`dead letters: npx ampfleet dlq list --dir ${stack.deadLetterDir}\n`);
  stopOnSignals(
    () => stack.stop(),
    (signal) => process.stdout.write(`\n${signal}: stopping ampfleet…\n`),
  );
}

main().catch((err: unknown) => {
  if (err instanceof PortInUseError) {
    process.stderr.write(
      `ampfleet: port ${err.port} (${err.purpose}) is in use: stop what uses it, or start on another port with npm start -- ${FLAG_FOR[err.purpose] ?? '--port'} <free port>\n`,
    );
  } else if (err instanceof JavaMissingError) {
    process.stderr.write(`ampfleet: ${err.message}\n`);
  } else {
    process.stderr.write(`ampfleet: could not start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
