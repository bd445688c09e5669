export * from './register-maps';
export * from './codec';
export * from './reading';
export * from './meter-reader';
