// The inputs the Load tab's editors submit: the load-control procedures' own schemas
// (load.setLimits, load.setSchedule, load.dim, load.setPeakCap; services/domain contracts/load-control.ts).
export {
  WEEKDAYS,
  type LoadDimInput,
  type LoadSetLimitsInput,
  type LoadSetPeakCapInput,
  type LoadSetScheduleInput,
  type Weekday,
} from '@ampfleet/domain';
