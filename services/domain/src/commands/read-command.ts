import { ChargePointId } from '../contracts/ids';
import { Command, CommandId } from '../contracts/commands';
import { fieldIssues, type FieldIssue } from '../contracts/issues';

// Reading a command payload off the wire. An invalid command is reported with the path of each bad
// field; when its commandId (and charge point) can still be read, the agent answers it 'rejected'.

export type ReadCommand =
  | { ok: true; command: Command }
  | { ok: false; issues: FieldIssue[]; commandId?: string; chargePointId?: string };

export function readCommand(raw: unknown): ReadCommand {
  const parsed = Command.safeParse(raw);
  if (parsed.success) return { ok: true, command: parsed.data };
  const issues = fieldIssues(parsed.error);
  const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const commandId = CommandId.safeParse(fields.commandId);
  const chargePointId = ChargePointId.safeParse(fields.chargePointId);
  return {
    ok: false,
    issues,
    ...(commandId.success && { commandId: commandId.data }),
    ...(chargePointId.success && { chargePointId: chargePointId.data }),
  };
}

/** Reads a JSON text (an MQTT payload); unparseable JSON is an issue at the root. */
export function readCommandJson(text: string): ReadCommand {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, issues: [{ path: '(root)', message: 'payload is not valid JSON' }] };
  }
  return readCommand(raw);
}
