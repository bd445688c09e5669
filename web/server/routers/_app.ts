import { router } from '../trpc';
import { create as apiKeysCreate } from './apiKeys/create';
import { list as apiKeysList } from './apiKeys/list';
import { revoke as apiKeysRevoke } from './apiKeys/revoke';
import { exportCsv as auditTrailExport } from './auditTrail/export';
import { list as auditTrailList } from './auditTrail/list';
import { findings as auditFindings } from './audit/findings';
import { fleet as auditFleet } from './audit/fleet';
import { diff as configDiff } from './config/diff';
import { get as configGet } from './config/get';
import { history as configHistory } from './config/history';
import { preview as configPreview } from './config/preview';
import { revert as configRevert } from './config/revert';
import { save as configSave } from './config/save';
import { get as driftGet } from './drift/get';
import { applyDesired as driftApplyDesired } from './drift/apply-desired';
import { applyStatus as driftApplyStatus } from './drift/apply-status';
import { get as commandsGet } from './commands/get';
import { list as commandsList } from './commands/list';
import { send as commandsSend } from './commands/send';
import { get as dashboardGet } from './dashboard/get';
import { pause as dashboardPause } from './dashboard/pause';
import { resume as dashboardResume } from './dashboard/resume';
import { overview } from './fleet/overview';
import { get as loadGet } from './load/get';
import { history as loadHistory } from './load/history';
import { dim as loadDim } from './load/dim';
import { setLimits as loadSetLimits } from './load/setLimits';
import { setPeakCap as loadSetPeakCap } from './load/setPeakCap';
import { setSchedule as loadSetSchedule } from './load/setSchedule';
import { simulate as loadSimulate } from './load/simulate';
import { me } from './session/me';
import { cancel as rolloutsCancel } from './rollouts/cancel';
import { create as rolloutsCreate } from './rollouts/create';
import { get as rolloutsGet } from './rollouts/get';
import { list as rolloutsList } from './rollouts/list';
import { pause as rolloutsPause } from './rollouts/pause';
import { resume as rolloutsResume } from './rollouts/resume';
import { get as sitesGet } from './sites/get';
import { list as sitesList } from './sites/list';
import { exportCsv as sitesExport } from './sites/export';
import { create as sitesCreate } from './sites/create';
import { commissioning as sitesCommissioning } from './sites/commissioning';
import { provision as sitesProvision } from './sites/provision';
import { list as transactionsList } from './transactions/list';
import { invite as usersInvite } from './users/invite';
import { list as usersList } from './users/list';
import { remove as usersRemove } from './users/remove';
import { update as usersUpdate } from './users/update';

// Procedure names are the partner API's public contract (DESIGN.md): keep them stable.
export const appRouter = router({
  session: router({ me }),
  fleet: router({ overview }),
  sites: router({
    list: sitesList,
    export: sitesExport,
    get: sitesGet,
    create: sitesCreate,
    commissioning: sitesCommissioning,
    provision: sitesProvision,
  }),
  commands: router({ send: commandsSend, get: commandsGet, list: commandsList }),
  transactions: router({ list: transactionsList }),
  users: router({ list: usersList, invite: usersInvite, update: usersUpdate, remove: usersRemove }),
  apiKeys: router({ list: apiKeysList, create: apiKeysCreate, revoke: apiKeysRevoke }),
  auditTrail: router({ list: auditTrailList, export: auditTrailExport }),
  dashboard: router({ get: dashboardGet, pause: dashboardPause, resume: dashboardResume }),
  config: router({
    get: configGet,
    save: configSave,
    history: configHistory,
    diff: configDiff,
    preview: configPreview,
    revert: configRevert,
  }),
  audit: router({ findings: auditFindings, fleet: auditFleet }),
  drift: router({ get: driftGet, applyDesired: driftApplyDesired, applyStatus: driftApplyStatus }),
  rollouts: router({
    create: rolloutsCreate,
    get: rolloutsGet,
    list: rolloutsList,
    pause: rolloutsPause,
    resume: rolloutsResume,
    cancel: rolloutsCancel,
  }),
  load: router({
    get: loadGet,
    history: loadHistory,
    setLimits: loadSetLimits,
    setSchedule: loadSetSchedule,
    dim: loadDim,
    setPeakCap: loadSetPeakCap,
    simulate: loadSimulate,
  }),
});
export type AppRouter = typeof appRouter;
