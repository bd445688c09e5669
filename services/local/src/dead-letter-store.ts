import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// The local router's dead-letter store (the stand-in for each handler's SQS dead-letter queue): one
// JSON file per event in a directory, written to a temp name, fsynced and renamed, so a crash never
// leaves half an entry and `ampfleet dlq redrive` can delete entries while the router adds others.

export interface DeadLetter {
  id: string;
  handlerModule: string;
  topic: string;
  /** The rule event as the handler received it (payload fields + topic + receivedAt). */
  event: Record<string, unknown>;
  attempts: number;
  firstFailureAt: string;
  deadLetteredAt: string;
  lastError: string;
}

export class DeadLetterFileError extends Error {
  override readonly name = 'DeadLetterFileError';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause: unknown },
  ) {
    super(`${file}: ${message}`, options);
  }
}

const SUFFIX = '.json';

/** Where `npm start` and `ampfleet dlq` keep dead letters unless told otherwise. */
export function defaultDeadLetterDir(dataDir?: string): string {
  return path.join(dataDir ?? path.join(os.tmpdir(), 'ampfleet-local'), 'dead-letters');
}

export interface DeadLetterStore {
  dir: string;
  put(entry: Omit<DeadLetter, 'id'>): Promise<DeadLetter>;
  /** Oldest first. A file that is not a dead letter is an error naming the file and field. */
  list(): Promise<DeadLetter[]>;
  remove(id: string): Promise<void>;
}

export function openDeadLetterStore(dir: string): DeadLetterStore {
  const fileOf = (id: string) => path.join(dir, `${id}${SUFFIX}`);
  return {
    dir,
    async put(entry) {
      await mkdir(dir, { recursive: true });
      // Time-prefixed ids list in dead-lettering order; the UUID keeps them unique.
      const id = `${entry.deadLetteredAt.replace(/[:.]/g, '-')}-${randomUUID()}`;
      const letter: DeadLetter = { id, ...entry };
      const temp = path.join(dir, `.${id}.tmp`);
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(`${JSON.stringify(letter)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, fileOf(id));
      return letter;
    },
    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      const files = names.filter((n) => n.endsWith(SUFFIX) && !n.startsWith('.')).sort();
      return Promise.all(files.map((name) => readDeadLetter(path.join(dir, name))));
    },
    async remove(id) {
      if (!/^[A-Za-z0-9-]+$/.test(id)) throw new DeadLetterFileError(fileOf(id), 'not a dead-letter id');
      await unlink(fileOf(id));
    },
  };
}

async function readDeadLetter(file: string): Promise<DeadLetter> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new DeadLetterFileError(file, `not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const letter = value as Partial<DeadLetter> | null;
  if (typeof letter !== 'object' || letter === null) throw new DeadLetterFileError(file, 'not an object');
  for (const field of [
    'id',
    'handlerModule',
    'topic',
    'firstFailureAt',
    'deadLetteredAt',
    'lastError',
  ] as const)
    if (typeof letter[field] !== 'string') throw new DeadLetterFileError(file, `${field}: expected a string`);
  if (typeof letter.attempts !== 'number') throw new DeadLetterFileError(file, 'attempts: expected a number');
  if (typeof letter.event !== 'object' || letter.event === null || Array.isArray(letter.event))
    throw new DeadLetterFileError(file, 'event: expected an object');
  return letter as DeadLetter;
}
