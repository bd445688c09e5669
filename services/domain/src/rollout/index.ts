export * from './change';
export * from './apply';
export { checkParameterValue } from './apply-parameter';
export * from './ecu-steps';
export * from './dry-run';
export * from './progress';
export * from './record';
