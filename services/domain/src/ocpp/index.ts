export * from './meter-values';
export * from './transactions';
export * from './authorization';
