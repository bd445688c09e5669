export * from './command-store';
export * from './command-runner';
export * from './cloud-silence';
