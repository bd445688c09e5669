import { router } from '../trpc';
import { list } from './fleet/list';
import { list as transactionsList } from './transactions/list';

export const appRouter = router({
  fleet: router({ list }),
  transactions: router({ list: transactionsList }),
});
export type AppRouter = typeof appRouter;
