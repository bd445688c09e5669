// One site model (config/site.ts) and its pure projections: allocation input, DLM specs, simulators, edge config.
export * from './dlm-networks';
export * from './desired-config';
export * from './projections/index';
