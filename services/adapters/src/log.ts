// Kept so existing importers of `@ampfleet/adapters/log` work; the logger lives in @ampfleet/runtime.
export * from '@ampfleet/runtime/log';
