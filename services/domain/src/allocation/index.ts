// Public barrel of the allocation engine (DESIGN.md "Allocation").
export * from './schema';
export { allocate } from './allocate';
export type { AllocationResult, BindingReason, ChargePointAllocation, LimitRef, NodeLoad } from './explain';
export type { LimitSource, NetworkLimits, NetworkLimitSource } from './limits';
export { networkLimits, meterReading, externalLoad } from './limits';
export type { GridPhase, PhaseName } from './phases';
export { loadedGridPhases, evPhaseCount } from './phases';
