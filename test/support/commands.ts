import { randomUUID } from 'node:crypto';
import type { Command } from '@ampfleet/domain';

/** A command as the cloud sends it; `deadlineInMs` from now (default 60 s). */
export function aCommand<K extends Command['kind']>(
  fields: { kind: K; chargePointId: string } & Record<string, unknown>,
  deadlineInMs = 60_000,
): Command {
  const now = Date.now();
  return {
    v: 1,
    commandId: randomUUID(),
    issuedAt: new Date(now).toISOString(),
    deadline: new Date(now + deadlineInMs).toISOString(),
    ...fields,
  } as unknown as Command;
}
