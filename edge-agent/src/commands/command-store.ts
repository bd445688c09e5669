import { mkdir } from 'node:fs/promises';
import { Command, type CommandStatus } from '@ampfleet/domain';
import { openLevel } from '../storage/level';

// The agent's durable record of commands (LevelDB, its own directory next to the journal): pending
// commands survive a restart until they are done or expire, and every command id ever finished is
// remembered (for DONE_RETENTION_MS), so a QoS 1 redelivery of the same command executes once.

export interface CommandStore {
  /** 'pending' or 'done' when this command id was seen before. */
  state(commandId: string): 'pending' | 'done' | undefined;
  /** Durable on return (fsync'd). */
  addPending(command: Command): Promise<void>;
  /** Durable on return: the command leaves 'pending' and is remembered as done. */
  markDone(commandId: string, status: CommandStatus, doneAt: string): Promise<void>;
  pending(): Command[];
  close(): Promise<void>;
}

/** Finished command ids are kept this long (a cloud retry of the same id within it is ignored). */
export const DONE_RETENTION_MS = 30 * 24 * 3600 * 1000;

const PENDING = 'p:';
const DONE = 'd:';

export async function openCommandStore(dir: string, nowMs: number): Promise<CommandStore> {
  await mkdir(dir, { recursive: true });
  const db = openLevel(dir);
  await db.open();
  const pending = new Map<string, Command>();
  const done = new Set<string>();
  const expired: string[] = [];
  for await (const [key, value] of db.iterator()) {
    const id = key.slice(2);
    if (key.startsWith(PENDING)) {
      const parsed = Command.safeParse(JSON.parse(value));
      if (parsed.success) pending.set(id, parsed.data);
      else expired.push(key);
    } else if (key.startsWith(DONE)) {
      const { doneAt } = JSON.parse(value) as { doneAt: string };
      if (nowMs - Date.parse(doneAt) > DONE_RETENTION_MS) expired.push(key);
      else done.add(id);
    }
  }
  if (expired.length > 0) await db.batch(expired.map((key) => ({ type: 'del' as const, key })));

  return {
    state: (id) => (pending.has(id) ? 'pending' : done.has(id) ? 'done' : undefined),
    async addPending(command) {
      pending.set(command.commandId, command);
      await db.put(PENDING + command.commandId, JSON.stringify(command), { sync: true });
    },
    async markDone(id, status, doneAt) {
      pending.delete(id);
      done.add(id);
      await db.batch(
        [
          { type: 'del', key: PENDING + id },
          { type: 'put', key: DONE + id, value: JSON.stringify({ status, doneAt }) },
        ],
        { sync: true },
      );
    },
    pending: () => [...pending.values()],
    close: () => db.close(),
  };
}
