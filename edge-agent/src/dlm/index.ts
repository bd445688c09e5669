export * from './config';
export * from './site-meter';
export * from './monitor';
