// The simulators use the domain's seeded randomness: the same seed gives the same demo and test run.
export { between, mulberry32, pick, type Random } from '@ampfleet/domain';
