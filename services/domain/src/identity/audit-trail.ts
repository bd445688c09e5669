import { z } from 'zod';
import { csvText } from '../csv';

// The organisation's audit trail (issue #11 point 6): who did what, when. Append-only: entries are
// written with a condition that they do not exist yet, and no code path updates or deletes one.

export const AUDIT_ACTIONS = [
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-out',
  'user.invite',
  'user.update',
  'user.remove',
  'api-key.create',
  'api-key.revoke',
  'command.send',
  'config.save',
  'site.create',
  'site.provision',
  'config.apply',
  'load.change',
  'rollout.change',
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  entryId: z.string(),
  at: z.string(),
  actorKind: z.enum(['user', 'apiKey', 'system']),
  actorId: z.string(),
  actorLabel: z.string(),
  action: AuditAction,
  siteId: z.string().optional(),
  target: z.string().optional(),
  detail: z.string().max(2000).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditTrailQuery = z.object({
  action: AuditAction.optional(),
  actor: z.string().max(254).optional(),
  siteId: z.string().max(64).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(200).optional(),
});
export type AuditTrailQuery = z.input<typeof AuditTrailQuery>;

const CSV_COLUMNS = ['at', 'actorKind', 'actorLabel', 'action', 'siteId', 'target', 'detail'] as const;

/** RFC 4180 CSV, with cells that a spreadsheet would run as a formula defused (CWE-1236). */
export function auditTrailCsv(entries: readonly AuditEntry[]): string {
  return csvText(
    CSV_COLUMNS,
    entries.map((e) => CSV_COLUMNS.map((c) => e[c] ?? '')),
  );
}
