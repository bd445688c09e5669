export * from './records';
export * from './ingest-plan';
export * from './charge-point-ingest';
export * from './ingest-route';
export * from './view';
export * from './dlm-ingest';
export * from './sessions';
