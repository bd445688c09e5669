// Public barrel of the planning simulator (issue: "how many charge points can this connection carry").
export * from './scenario';
export type { EvArrival } from './arrivals';
export { arrivalsOf } from './arrivals';
export type { ImbalancePeak, LimitKind, LimitPeak, LimitViolation } from './limit-checks';
export type { EvOutcome, SimulationReport, SimulationTotals, Utilisation } from './report';
export type { SimulateOptions } from './simulate';
export { simulate, SimulationOptionsError } from './simulate';
export type { CapacityPoint, CapacityCurveOptions } from './capacity';
export { capacityCurve, withChargePoints } from './capacity';
