export * from './ids';
export * from './topics';
export * from './telemetry';
export * from './dlm';
export * from './commands';
export * from './transactions';
export * from './reported-config';
export * from './table';
export * from './rules';
export * from './handlers';
export * from './redelivery';
export * from './health';
export * from './issues';
export * from './envelope';
export * from './messages';
// Explicit: telemetry.ts re-exports the union's type only (for imports by path), which `export *` would pick.
export { TelemetryMessage } from './messages';
export * from './desired-config';
export * from './load';
