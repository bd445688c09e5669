export * from './bundle';
export * from './console';
export * from './console-asset';
export * from './functions';
export * from './iot';
export * from './queues';
export * from './stack';
export * from './storage';
