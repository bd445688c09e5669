import type { Command } from '../contracts/commands';

// When a command may still run: strictly before its deadline. The clock is a parameter (pure core).

export function commandExpired(command: Pick<Command, 'deadline'>, nowMs: number): boolean {
  return nowMs >= Date.parse(command.deadline);
}

/** Milliseconds left until the deadline (0 when it has passed). */
export function msUntilDeadline(command: Pick<Command, 'deadline'>, nowMs: number): number {
  return Math.max(0, Date.parse(command.deadline) - nowMs);
}
