export * from './meter-values';
