// @ampfleet/domain — the pure core: contracts, config model, audit, drift, allocation, planners.
// No I/O, no environment, no clock, no randomness (enforced by eslint.config.js).
export * from './contracts/index';
export * from './fleet/index';
export * from './ocpp/index';
export * from './config/index';
export * from './audit/index';
export * from './drift/index';
export * from './planning/index';
export * from './phases/index';
export * from './allocation/index';
export * from './simulation/index';
export * from './random/index';
export * from './dlm/index';
export * from './commands/index';
export * from './site/index';
export * from './identity/index';
export * from './load/index';
export * from './rollout/index';
