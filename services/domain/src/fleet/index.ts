export * from './records';
export * from './ingest-plan';
export * from './view';
export * from './dlm-ingest';
export * from './sessions';
export * from './site-summary';
export * from './site-list';
