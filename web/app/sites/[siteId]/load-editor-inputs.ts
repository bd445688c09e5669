// The inputs the Load tab's editors submit: the shapes of the load-control procedures
// (load.setLimits, load.setSchedule, load.dim, load.setPeakCap; services/domain contracts/load-control.ts,
// being built in parallel). Until they are on main these are spelled here; at merge this file becomes
//   export type { LoadSetLimitsInput, LoadSetScheduleInput, LoadDimInput, LoadSetPeakCapInput } from '@ampfleet/domain';
// and the tab's `onSubmit` props are wired to the procedures' mutations.

type PhaseAmps = { l1: number; l2: number; l3: number };
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface LoadSetLimitsInput {
  siteId: string;
  limits: { siteLimitA?: PhaseAmps; networks: { networkId: string; maxA: number }[] };
}
export interface LoadSetScheduleInput {
  siteId: string;
  schedule: { entries: { days: Weekday[]; from: string; to: string; siteLimitA: PhaseAmps }[] };
}
export interface LoadDimInput {
  siteId: string;
  action: 'start' | 'end';
  reference?: string;
}
export interface LoadSetPeakCapInput {
  siteId: string;
  peakCapKw: number | null;
}
