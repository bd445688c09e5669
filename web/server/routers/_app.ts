import { router } from '../trpc';
import { get as commandsGet } from './commands/get';
import { list as commandsList } from './commands/list';
import { send as commandsSend } from './commands/send';
import { list } from './fleet/list';
import { list as transactionsList } from './transactions/list';

export const appRouter = router({
  fleet: router({ list }),
  commands: router({ send: commandsSend, get: commandsGet, list: commandsList }),
  transactions: router({ list: transactionsList }),
});
export type AppRouter = typeof appRouter;
