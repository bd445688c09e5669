export * from './ocpp-keys';
export * from './state';
