// Kept so existing importers of `@ampfleet/adapters/shutdown` work; it lives in @ampfleet/runtime.
export * from '@ampfleet/runtime/shutdown';
