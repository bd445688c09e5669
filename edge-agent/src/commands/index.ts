export * from './command-store';
export * from './command-runner';
