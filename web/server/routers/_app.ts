import { router } from '../trpc';
import { get as commandsGet } from './commands/get';
import { list as commandsList } from './commands/list';
import { send as commandsSend } from './commands/send';
import { list } from './fleet/list';

export const appRouter = router({
  fleet: router({ list }),
  commands: router({ send: commandsSend, get: commandsGet, list: commandsList }),
});
export type AppRouter = typeof appRouter;
