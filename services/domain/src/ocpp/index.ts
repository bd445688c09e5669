export * from './meter-values';
export * from './transactions';
export * from './authorization';
export * from './ocpp16-sampled-value';
