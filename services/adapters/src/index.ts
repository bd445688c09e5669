// @ampfleet/adapters — thin I/O around the pure domain: DynamoDB (keys from the domain contract), logging.
export * from './errors';
export * from './log';
export * from './dynamo/client';
export * from './dynamo/create-table';
export * from './dynamo/telemetry-writer';
export * from './dynamo/fleet-reader';
export * from './dynamo/command-records';
export * from './dynamo/store';
export * from './repositories';
export * from './env';
export * from './dynamo/desired-config';
export * from './identity-directory';
export * from './cognito/index';
export type { RateWindowHit } from './dynamo/identity/rate-window';
export * from './dynamo/reported-config';
export { listLoadControlSites, type CommandedLimits } from './dynamo/load-control';
