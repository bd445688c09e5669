import { LoadGetInput, LoadGetOutput, LoadHistoryInput, LoadHistoryOutput } from '@ampfleet/domain';

// load.* inputs and outputs: the domain's schemas (services/domain contracts/load.ts).
export { LoadGetInput, LoadGetOutput, LoadHistoryInput, LoadHistoryOutput };
