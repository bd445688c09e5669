import { router } from '../trpc';
import { get as commandsGet } from './commands/get';
import { list as commandsList } from './commands/list';
import { send as commandsSend } from './commands/send';
import { get as dashboardGet } from './dashboard/get';
import { pause as dashboardPause } from './dashboard/pause';
import { resume as dashboardResume } from './dashboard/resume';
import { overview } from './fleet/overview';
import { get as sitesGet } from './sites/get';
import { list as sitesList } from './sites/list';
import { list as transactionsList } from './transactions/list';

// Procedure names are the partner API's public contract (DESIGN.md): keep them stable.
export const appRouter = router({
  fleet: router({ overview }),
  sites: router({ list: sitesList, get: sitesGet }),
  commands: router({ send: commandsSend, get: commandsGet, list: commandsList }),
  transactions: router({ list: transactionsList }),
  dashboard: router({ get: dashboardGet, pause: dashboardPause, resume: dashboardResume }),
});
export type AppRouter = typeof appRouter;
