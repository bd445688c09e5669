import { router } from '../trpc';
import { list } from './fleet/list';

export const appRouter = router({
  fleet: router({ list }),
});
export type AppRouter = typeof appRouter;
