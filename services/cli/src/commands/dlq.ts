import {
  DeadLetterFileError,
  defaultDeadLetterDir,
  openDeadLetterStore,
  type DeadLetter,
} from '@ampfleet/local/dead-letter-store';
import mqtt from 'mqtt';
import path from 'node:path';
import { parseFlags, type Command } from '../command';
import { CliError } from '../errors';
import { printJson, printTable, type CliIo } from '../io';
import { countAwsDeadLetters, redriveAwsDeadLetters } from './dlq-aws';

// `ampfleet dlq list|redrive`: events whose handler kept failing past the redelivery budget. Locally
// the router's dead-letter store; redrive publishes each event again on its topic through the broker,
// so it takes the router's normal path (ingest dedups by messageId, so a replay is never applied twice).
// In AWS (--queue-url / --dlq-arn) the handler's SQS dead-letter queue and an SQS message move task.

const USAGE =
  'ampfleet dlq list [--dir DIR] [--format json|table] | dlq redrive [--dir DIR] --mqtt-url URL [--id ID]' +
  ' | dlq list --queue-url URL | dlq redrive --dlq-arn ARN';

export const dlqCommand: Command = {
  name: 'dlq',
  usage: 'ampfleet dlq list|redrive [options]',
  summary: 'list or redrive dead-lettered rule events (local store, or an SQS dead-letter queue)',
  async run(args, io) {
    const { positional, flags } = parseFlags(args, [
      'dir',
      'format',
      'mqtt-url',
      'id',
      'queue-url',
      'dlq-arn',
    ]);
    const [action] = positional;
    if (action === 'list') {
      if (flags['queue-url']) {
        printJson(io, await countAwsDeadLetters(flags['queue-url']));
        return 0;
      }
      return listLocal(io, storeDir(flags, io), flags.format);
    }
    if (action === 'redrive') {
      if (flags['dlq-arn']) {
        const taskHandle = await redriveAwsDeadLetters(flags['dlq-arn']);
        printJson(io, { started: true, taskHandle });
        return 0;
      }
      const mqttUrl = flags['mqtt-url'];
      if (!mqttUrl || !/^mqtts?:\/\//.test(mqttUrl))
        throw new CliError('--mqtt-url: the local broker, mqtt://127.0.0.1:PORT (printed by npm start)', 2);
      return redriveLocal(io, storeDir(flags, io), mqttUrl, flags.id);
    }
    throw new CliError(`expected 'list' or 'redrive' (usage: ${USAGE})`, 2);
  },
};

const storeDir = (flags: Record<string, string>, io: CliIo) =>
  flags.dir ? path.resolve(io.cwd, flags.dir) : defaultDeadLetterDir();

/** Dead letters of the store; a damaged file is bad input, reported with its path and field. */
async function listStore(dir: string): Promise<DeadLetter[]> {
  try {
    return await openDeadLetterStore(dir).list();
  } catch (err) {
    if (err instanceof DeadLetterFileError) throw new CliError(err.message);
    throw err;
  }
}

async function listLocal(io: CliIo, dir: string, format = 'json'): Promise<number> {
  const letters = await listStore(dir);
  if (format === 'table')
    printTable(
      io,
      ['id', 'handler', 'topic', 'attempts', 'dead-lettered at', 'last error'],
      letters.map((l) => [l.id, l.handlerModule, l.topic, String(l.attempts), l.deadLetteredAt, l.lastError]),
    );
  else printJson(io, letters);
  return 0;
}

/** The MQTT payload the edge agent sent: the rule event without what the rule added. */
function payloadOf(letter: DeadLetter): string {
  const { topic: _topic, receivedAt: _receivedAt, ...payload } = letter.event;
  return JSON.stringify(payload);
}

async function redriveLocal(io: CliIo, dir: string, mqttUrl: string, onlyId?: string): Promise<number> {
  const store = openDeadLetterStore(dir);
  const letters = (await listStore(dir)).filter((l) => !onlyId || l.id === onlyId);
  if (onlyId && letters.length === 0) throw new CliError(`--id: no dead letter '${onlyId}' in ${dir}`);
  const client = await mqtt
    .connectAsync(mqttUrl, {
      clientId: `ampfleet-dlq-${process.pid}`,
      connectTimeout: 5_000,
      reconnectPeriod: 0,
    })
    .catch((err: Error) => {
      throw new CliError(`--mqtt-url: cannot connect to ${mqttUrl}: ${err.message}`);
    });
  let redriven = 0;
  try {
    for (const letter of letters) {
      // QoS 1: the broker's ack means the router has it; only then is the dead letter deleted.
      await client.publishAsync(letter.topic, payloadOf(letter), { qos: 1 });
      await store.remove(letter.id);
      redriven++;
    }
  } finally {
    await client.endAsync();
  }
  printJson(io, { redriven, remaining: (await store.list()).length });
  return 0;
}
