import { ChargePointId, COMMAND_KINDS, CommandStatus, SiteId } from '@ampfleet/domain';
import { z } from 'zod';

// Inputs and outputs of the commands router. A command's own fields (kind and its parameters) are
// validated by the domain's Command schema when the envelope is added (send.ts).

/** Seconds the command may wait for an offline charge point: 10 s … 7 days. */
export const DeadlineS = z
  .number()
  .int()
  .min(10)
  .max(7 * 24 * 3600);

export const CommandsSendInput = z
  .object({
    siteId: SiteId,
    chargePointId: ChargePointId,
    deadlineS: DeadlineS.default(300),
    /** `kind` and the kind's fields, e.g. { kind: 'setOperatorLimit', amps: 16 }. */
    command: z.looseObject({ kind: z.enum(COMMAND_KINDS) }),
  })
  .strict();

export const CommandView = z.object({
  commandId: z.string(),
  siteId: z.string(),
  chargePointId: z.string(),
  kind: z.enum(COMMAND_KINDS),
  status: z.union([z.literal('pending'), CommandStatus]),
  issuedAt: z.string(),
  deadline: z.string(),
  detail: z.string().optional(),
  resultAt: z.string().optional(),
  response: z.record(z.string(), z.unknown()).optional(),
});
export type CommandView = z.infer<typeof CommandView>;

export const CommandsGetInput = z.object({ siteId: SiteId, commandId: z.uuid() }).strict();
export const CommandsListInput = z
  .object({ siteId: SiteId, limit: z.number().int().min(1).max(100).default(20) })
  .strict();
export const CommandsListOutput = z.object({ commands: z.array(CommandView) });
