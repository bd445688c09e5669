import { listTransactions } from '@ampfleet/app';
import { partnerRead } from '../../openapi-meta';
import { siteProcedure, toTrpcError } from '../../trpc';
import { TransactionsListInput, TransactionsListOutput } from './list.types';

/** A site's recent charging transactions, newest first; only sites of the caller's organisation. */
export const list = siteProcedure('site:read')
  .meta(partnerRead('/sites/{siteId}/transactions', 'A site’s recent charging transactions, newest first'))
  .input(TransactionsListInput)
  .output(TransactionsListOutput)
  .query(({ ctx, input }) =>
    listTransactions(ctx, input).then(
      (transactions) => ({ siteId: input.siteId, transactions }),
      toTrpcError,
    ),
  );
