import type { TransactionRecord } from '@ampfleet/domain';
import type { UseCaseContext } from '../ports';

/** A site's recent charging transactions, newest first, idTags masked ([] for another org's site). */
export async function listTransactions(
  { repos }: Pick<UseCaseContext, 'repos'>,
  input: { siteId: string; limit: number },
): Promise<TransactionRecord[]> {
  return repos.transactions.list(input.siteId, input.limit);
}
