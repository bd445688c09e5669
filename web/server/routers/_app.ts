import { router } from '../trpc';
import { create as apiKeysCreate } from './apiKeys/create';
import { list as apiKeysList } from './apiKeys/list';
import { revoke as apiKeysRevoke } from './apiKeys/revoke';
import { exportCsv as auditTrailExport } from './auditTrail/export';
import { list as auditTrailList } from './auditTrail/list';
import { findings as auditFindings } from './audit/findings';
import { diff as configDiff } from './config/diff';
import { get as configGet } from './config/get';
import { history as configHistory } from './config/history';
import { save as configSave } from './config/save';
import { get as driftGet } from './drift/get';
import { get as commandsGet } from './commands/get';
import { list as commandsList } from './commands/list';
import { send as commandsSend } from './commands/send';
import { get as dashboardGet } from './dashboard/get';
import { pause as dashboardPause } from './dashboard/pause';
import { resume as dashboardResume } from './dashboard/resume';
import { overview } from './fleet/overview';
import { get as loadGet } from './load/get';
import { history as loadHistory } from './load/history';
import { simulate as loadSimulate } from './load/simulate';
import { me } from './session/me';
import { get as sitesGet } from './sites/get';
import { list as sitesList } from './sites/list';
import { list as transactionsList } from './transactions/list';
import { invite as usersInvite } from './users/invite';
import { list as usersList } from './users/list';
import { remove as usersRemove } from './users/remove';
import { update as usersUpdate } from './users/update';

// Procedure names are the partner API's public contract (DESIGN.md): keep them stable.
export const appRouter = router({
  session: router({ me }),
  fleet: router({ overview }),
  sites: router({ list: sitesList, get: sitesGet }),
  commands: router({ send: commandsSend, get: commandsGet, list: commandsList }),
  transactions: router({ list: transactionsList }),
  users: router({ list: usersList, invite: usersInvite, update: usersUpdate, remove: usersRemove }),
  apiKeys: router({ list: apiKeysList, create: apiKeysCreate, revoke: apiKeysRevoke }),
  auditTrail: router({ list: auditTrailList, export: auditTrailExport }),
  dashboard: router({ get: dashboardGet, pause: dashboardPause, resume: dashboardResume }),
  config: router({ get: configGet, save: configSave, history: configHistory, diff: configDiff }),
  audit: router({ findings: auditFindings }),
  drift: router({ get: driftGet }),
  load: router({ get: loadGet, history: loadHistory, simulate: loadSimulate }),
});
export type AppRouter = typeof appRouter;
