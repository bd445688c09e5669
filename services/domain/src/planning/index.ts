export * from './errors';
export * from './phase-plan';
export * from './network-plan';
export * from './site-builder';
export * from './templates';
export * from './random-site';
export * from './inputs';
export * from './from-request';
