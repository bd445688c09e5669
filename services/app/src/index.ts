// @ampfleet/app — the use cases, written once over repositories bound to one organisation. tRPC
// procedures, Lambda handlers, the local router and the partner API call these, nothing lower.
export * from './errors';
export * from './ports';
export * from './site-summary-cache';
export * from './use-cases/ingest-telemetry';
export * from './use-cases/send-command';
export * from './use-cases/get-command';
export * from './use-cases/list-commands';
export * from './use-cases/list-sites';
export * from './use-cases/read-fleet-overview';
export * from './use-cases/read-site';
export * from './use-cases/list-transactions';
export * from './use-cases/register-site';
export * from './use-cases/config/get-config';
export * from './use-cases/config/save-config';
export * from './use-cases/config/config-history';
export * from './use-cases/config/audit-and-drift';
export type { FindingView } from './use-cases/config/desired-config';
export * from './access';
export * from './use-cases/identity/index';
export * from './use-cases/read-owner-dashboard';
export * from './use-cases/pause-charging';
export * from './use-cases/read-load';
export * from './use-cases/read-load-history';
export * from './use-cases/simulate-load';
