export * from './bundle';
export * from './functions';
export * from './iot';
export * from './stack';
export * from './storage';
