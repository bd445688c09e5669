export * from './normalise';
export * from './diff';
export * from './rollup';
export { parseValue as parseParamValue, renderValue as renderParamValue } from './values';
export * from './reported';
export * from './apply-plan';
export * from './apply-run';
