import {
  LoadControlOutput,
  LoadDimInput,
  LoadSetLimitsInput,
  LoadSetPeakCapInput,
  LoadSetScheduleInput,
} from '@ampfleet/domain';

// load.setLimits / setSchedule / dim / setPeakCap: the domain's schemas (contracts/load-control.ts).
export { LoadControlOutput, LoadDimInput, LoadSetLimitsInput, LoadSetPeakCapInput, LoadSetScheduleInput };
