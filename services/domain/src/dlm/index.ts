export * from './ocpp-keys';
export * from './state';
export * from './effective-limit';
