export * from './create-rollout';
export * from './get-rollout';
export * from './control-rollout';
export * from './advance-rollout';
export * from './run-rollouts';
export type { RunnerSettings } from './collect-site';
export { rolloutCommandId } from './command-ids';
