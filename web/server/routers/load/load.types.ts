import {
  LoadGetInput,
  LoadGetOutput,
  LoadHistoryInput,
  LoadHistoryOutput,
  LoadSimulateInput,
  LoadSimulateOutput,
} from '@ampfleet/domain';

// load.* inputs and outputs: the domain's schemas (services/domain contracts/load.ts, load/what-if.ts).
export {
  LoadGetInput,
  LoadGetOutput,
  LoadHistoryInput,
  LoadHistoryOutput,
  LoadSimulateInput,
  LoadSimulateOutput,
};
