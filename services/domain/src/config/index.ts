export * from './firmware';
export * from './catalog-types';
export * from './catalog';
export * from './commissioning';
export * from './hardware';
export * from './config-schema';
export * from './site';
export * from './builders';
