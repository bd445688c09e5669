export * from './change-settings';
export * from './run-load-control';
