import { z } from 'zod';
import { DlmNetworkId } from './dlm';
import { IsoTime } from './envelope';
import { SiteId } from './ids';
import { perPhaseSchema } from '../phases/per-phase';

// The public contract of the load-control changes (issue #13 points 4 and 7): load.setLimits,
// load.setSchedule, load.dim, load.setPeakCap. The console's editors build their forms against these
// schemas; the use cases check them again against the site's hardware limits (validateLoadControl in
// load/control), so a limit above the main connection or a network's EVSE Sub-Distribution Limit is
// refused with the path of the bad field.

/** Whole amps per phase, the unit the ECU's limit parameters take (catalog: 0–2000 A). */
const LimitAmps = z.number().int().min(0).max(2000);
const PhaseLimits = perPhaseSchema(LimitAmps);

/** A cloud limit for one DLM network: its Operator EVSE Sub-Distribution Limit never goes above it. */
export const NetworkLimit = z
  .object({
    networkId: DlmNetworkId,
    /** A (same on every phase, like the operator limit): ≤ the network's EVSE Sub-Distribution Limit. */
    maxA: LimitAmps,
  })
  .strict();
export type NetworkLimit = z.infer<typeof NetworkLimit>;

/** Standing limits of a site; absent fields mean "no cloud limit beyond the hardware". */
export const LoadLimits = z
  .object({
    /** The site's EV + building load at the main connection, per phase (A): ≤ the main connection rating. */
    siteLimitA: PhaseLimits.optional(),
    networks: z.array(NetworkLimit).max(64).default([]),
  })
  .strict()
  .superRefine((limits, ctx) => {
    const seen = new Set<string>();
    limits.networks.forEach((n, i) => {
      if (seen.has(n.networkId))
        ctx.addIssue({ code: 'custom', path: ['networks', i, 'networkId'], message: 'listed twice' });
      seen.add(n.networkId);
    });
  });
export type LoadLimits = z.infer<typeof LoadLimits>;

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;
export const WEEKDAYS = Weekday.options;

/** Wall-clock time in the site's time zone, 'HH:MM' (00:00–23:59), or '24:00' as an end of day. */
const LocalTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "expected 'HH:MM' (00:00–24:00)");

/** Minutes after local midnight of an 'HH:MM' (24:00 → 1440). */
export function localMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * One schedule entry: on the given weekdays, from `from` (inclusive) to `to` (exclusive), local wall
 * time of the site's IANA time zone, the site limit is `siteLimitA`. Wall time, so it is right on both
 * sides of a daylight-saving change (an entry starting in the skipped hour starts when the clock has
 * jumped; one in the repeated hour holds through both).
 */
export const ScheduleEntry = z
  .object({
    days: z.array(Weekday).min(1).max(7),
    from: LocalTime,
    to: LocalTime,
    siteLimitA: PhaseLimits,
  })
  .strict()
  .refine((e) => localMinutes(e.to) > localMinutes(e.from), {
    path: ['to'],
    message: 'must be after from (split an entry that runs past midnight in two)',
  })
  .refine((e) => e.from !== '24:00', { path: ['from'], message: 'must be before 24:00' })
  .refine((e) => new Set(e.days).size === e.days.length, {
    path: ['days'],
    message: 'a day is listed twice',
  });
export type ScheduleEntry = z.infer<typeof ScheduleEntry>;

/** Where entries overlap, the lowest limit per phase holds. */
export const LoadSchedule = z.object({ entries: z.array(ScheduleEntry).max(100) }).strict();
export type LoadSchedule = z.infer<typeof LoadSchedule>;

/** A §14a EnWG dimming signal of the grid operator (BK6-22-300), as the site's state. */
export const DimmingState = z
  .object({
    active: z.boolean(),
    /** When the current signal started (active) or the last one ended (inactive). */
    since: IsoTime.optional(),
    /** The grid operator's reference for the signal, if it sent one. */
    reference: z.string().min(1).max(100).optional(),
  })
  .strict();
export type DimmingState = z.infer<typeof DimmingState>;

/** Peak cap in kW at the meter point (the main connection); null removes it. */
const PeakCapKw = z.number().finite().min(1).max(5000).multipleOf(0.1);

/** Every control setting of a site, stored as one item (the controller's input). */
export const LoadControlSettings = z
  .object({
    limits: LoadLimits.default({ networks: [] }),
    schedule: LoadSchedule.default({ entries: [] }),
    dimming: DimmingState.default({ active: false }),
    peakCapKw: PeakCapKw.optional(),
    /** Increments on every change (optimistic concurrency: a write applies only over the version read). */
    version: z.number().int().min(0).default(0),
    updatedAt: IsoTime.optional(),
  })
  .strict();
export type LoadControlSettings = z.infer<typeof LoadControlSettings>;

// ---- procedure inputs (scope 'commands', permission site:load) ----

export const LoadSetLimitsInput = z.object({ siteId: SiteId, limits: LoadLimits }).strict();
export type LoadSetLimitsInput = z.infer<typeof LoadSetLimitsInput>;

export const LoadSetScheduleInput = z.object({ siteId: SiteId, schedule: LoadSchedule }).strict();
export type LoadSetScheduleInput = z.infer<typeof LoadSetScheduleInput>;

export const LoadDimInput = z
  .object({
    siteId: SiteId,
    /** start: the grid operator's dimming signal is on; end: it is off. */
    action: z.enum(['start', 'end']),
    reference: z.string().min(1).max(100).optional(),
  })
  .strict();
export type LoadDimInput = z.infer<typeof LoadDimInput>;

export const LoadSetPeakCapInput = z.object({ siteId: SiteId, peakCapKw: PeakCapKw.nullable() }).strict();
export type LoadSetPeakCapInput = z.infer<typeof LoadSetPeakCapInput>;

/** One logged start or end of a dimming signal (append-only, for the grid operator). */
export const DimmingLogEntry = z
  .object({
    siteId: SiteId,
    at: IsoTime,
    event: z.enum(['start', 'end']),
    reference: z.string().max(100).optional(),
    /** The guaranteed minimum the site was reduced to (kW, §14a), on 'start'. */
    guaranteedMinimumKw: z.number().optional(),
    /** Controllable devices counted for it. */
    controllableDevices: z.number().int().optional(),
    /** Who sent the signal (user id or API key id). */
    by: z.string().max(200),
  })
  .strict();
export type DimmingLogEntry = z.infer<typeof DimmingLogEntry>;

/** What every change procedure returns: the stored settings after the change. */
export const LoadControlOutput = z.object({ siteId: SiteId, settings: LoadControlSettings }).strict();
export type LoadControlOutput = z.infer<typeof LoadControlOutput>;

export { PhaseLimits as LoadPhaseLimits };
