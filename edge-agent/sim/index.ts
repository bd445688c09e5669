// Simulators for the demo fleet and tests. Kept apart from production code (edge-agent/src).
export * from './random';
export * from './ev';
export * from './household-load';
export * from './ocpp-client';
export * from './ecu-config';
export * from './ecu-payloads';
export * from './ecu-connector';
export * from './ecu-simulator';
export * from './demo-dlm';
export * from './demo-site';
export * from './meter-simulator';
export * from './ocpp-test-server';
export * from './wait-for';
