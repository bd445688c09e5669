export * from './allocation-input';
export * from './dlm-specs';
export * from './simulators';
export * from './edge-config';
