import { SiteId } from '@ampfleet/domain';
import { z } from 'zod';

export const TransactionsListInput = z
  .object({
    siteId: SiteId,
    /** Newest first, by start. */
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export const TransactionsListOutput = z.object({
  siteId: z.string(),
  transactions: z.array(
    z.object({
      chargePointId: z.string(),
      transactionId: z.number(),
      connectorId: z.number().optional(),
      /** Only the last characters of the idTag (personal data). */
      idTagMasked: z.string().optional(),
      idTagStatus: z.string().optional(),
      startedAt: z.string(),
      stoppedAt: z.string().optional(),
      stopReason: z.string().optional(),
      meterStartWh: z.number().optional(),
      meterStopWh: z.number().optional(),
      energyWh: z.number().optional(),
      matched: z.boolean().optional(),
      anomalies: z.array(z.string()).optional(),
    }),
  ),
});
export type TransactionsListOutput = z.infer<typeof TransactionsListOutput>;
