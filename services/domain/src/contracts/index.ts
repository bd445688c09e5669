export * from './ids';
export * from './topics';
export * from './telemetry';
export * from './transactions';
export * from './table';
export * from './rules';
export * from './health';
export * from './issues';
