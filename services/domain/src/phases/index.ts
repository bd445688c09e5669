// Phases (§3): rotation, connection, per-phase amps — defined once, used by config, allocation, DLM, sims.
export * from './rotation';
export * from './per-phase';
