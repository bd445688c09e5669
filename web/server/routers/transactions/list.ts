import { readTransactions } from '@ampfleet/adapters';
import { orgProcedure } from '../../trpc';
import { TransactionsListInput, TransactionsListOutput } from './list.types';

/** A site's recent charging transactions, newest first; only sites of the caller's organisation. */
export const list = orgProcedure
  .input(TransactionsListInput)
  .output(TransactionsListOutput)
  .query(async ({ ctx, input }) => {
    const transactions = await readTransactions(ctx.store.doc, ctx.store.table, {
      orgId: ctx.orgId,
      siteId: input.siteId,
      limit: input.limit,
    });
    return { siteId: input.siteId, transactions };
  });
