import { z } from 'zod';
import { DlmLimitSource, DlmNetworkId, ExternalMeterMode } from './dlm';
import { ChargePointId, SiteId } from './ids';
import { IsoTime } from './envelope';
import { LoadControlSettings } from './load-control';
import { TwinFinding } from './twin';
import { perPhaseSchema } from '../phases/per-phase';

// The public contract of load.get and load.history (issue #13 point 7, read side).

const amps = z.number().finite();
const Phases = perPhaseSchema(amps);

export const LoadHistoryRange = z.enum(['1h', '24h', '7d', '30d']);
export type LoadHistoryRange = z.infer<typeof LoadHistoryRange>;

/** Which stored buckets a history reads: 1-minute buckets (35 days) or hour aggregates (400 days). */
export const LoadHistoryResolution = z.enum(['minute', 'hour']);
export type LoadHistoryResolution = z.infer<typeof LoadHistoryResolution>;

export const LoadGetInput = z.object({ siteId: SiteId }).strict();
export type LoadGetInput = z.infer<typeof LoadGetInput>;

export const LoadHistoryInput = z
  .object({
    siteId: SiteId,
    range: LoadHistoryRange,
    networkId: DlmNetworkId.optional(),
    /** Absent: minute buckets up to 24 h, hour aggregates for 7 d and 30 d. */
    resolution: LoadHistoryResolution.optional(),
  })
  .strict();
export type LoadHistoryInput = z.infer<typeof LoadHistoryInput>;

/** The limits the desired site configuration sets for a DLM network (§7.1, §7.4). */
const ConfiguredLimits = z
  .object({
    evseSubDistribution: Phases.optional(),
    operator: Phases.optional(),
    /** Main Distribution Limit of the external meter's point (§7.4), if a meter is configured. */
    mainDistribution: Phases.optional(),
  })
  .strict();

const LoadChargePoint = z
  .object({
    chargePointId: ChargePointId,
    /** What the ECU reports offering (max over its phases of Current.Offered), from the latest DLM state. */
    reportedOfferedA: amps.optional(),
    drawn: Phases.optional(),
    /** The twin: what the allocation engine offers over the configured site and the live state. */
    predictedA: amps.optional(),
    /** Why the twin offers that (the engine's binding reason kind). */
    predictedReason: z.string().optional(),
  })
  .strict();

export const LoadNetworkView = z
  .object({
    networkId: DlmNetworkId,
    masterChargePointId: ChargePointId.optional(),
    /** The latest 'dlmState' as reported (absent until the first one arrives). */
    state: z
      .object({
        at: IsoTime,
        sampleRateS: z.number(),
        effectiveLimit: Phases.optional(),
        effectiveSource: z.tuple([DlmLimitSource, DlmLimitSource, DlmLimitSource]).optional(),
        subDistributionLimit: Phases.optional(),
        operatorLimit: Phases.optional(),
        offered: Phases,
        drawn: Phases,
        meterMode: ExternalMeterMode,
        meterConnected: z.boolean().optional(),
        fallbackActive: z.boolean(),
        imbalance: z.object({ drawn: z.number(), limit: z.number().optional(), exceeded: z.boolean() }),
      })
      .strict()
      .optional(),
    /** The latest 'siteMeter' reading of the network's external meter. */
    meter: z
      .object({
        at: IsoTime,
        connected: z.boolean(),
        currents: Phases.optional(),
        activePowerW: z.number().optional(),
      })
      .strict()
      .optional(),
    /** From the desired site configuration; absent when the site has no stored configuration. */
    configured: ConfiguredLimits.optional(),
    /** The twin's network: effective limit and predicted EV load per phase (grid phases). */
    twin: z.object({ limit: Phases, predictedLoad: Phases }).strict().optional(),
    chargePoints: z.array(LoadChargePoint),
  })
  .strict();
export type LoadNetworkView = z.infer<typeof LoadNetworkView>;

export const LoadGetOutput = z
  .object({
    siteId: SiteId,
    generatedAt: IsoTime,
    /** The site main connection (desired configuration), with the twin's predicted load on it. */
    mainConnection: z
      .object({
        ratingA: Phases,
        imbalanceLimitA: z.number().optional(),
        predictedLoad: Phases,
      })
      .strict()
      .optional(),
    networks: z.array(LoadNetworkView),
    /** The twin's raised findings: persistent gaps with a diagnosis (issue #13 point 3). */
    findings: z.array(TwinFinding).optional(),
    /** The control settings in force (load.setLimits / setSchedule / dim / setPeakCap); absent when none were set. */
    control: LoadControlSettings.optional(),
  })
  .strict();
export type LoadGetOutput = z.infer<typeof LoadGetOutput>;

const Stat = z.object({ min: amps, max: amps, avg: amps }).strict();
const PhaseStats = z.object({ l1: Stat, l2: Stat, l3: Stat }).strict();

export const LoadHistoryPoint = z
  .object({
    /** Start of the point's interval (UTC). */
    t: IsoTime,
    /** Minutes with data in the interval (an hour aggregate counts as 60). */
    minutes: z.number().int(),
    /** The network's summed EV draw per phase (from 'dlmState'): min/max/avg of the minute averages. */
    drawn: PhaseStats.optional(),
    /** The external meter's current per phase (from 'siteMeter'). */
    meter: PhaseStats.optional(),
    /** The external meter's active power (W). */
    powerW: Stat.optional(),
    /** The lowest effective DLM limit per phase reported in the interval. */
    limit: Phases.optional(),
  })
  .strict();
export type LoadHistoryPoint = z.infer<typeof LoadHistoryPoint>;

export const LoadHistoryOutput = z
  .object({
    siteId: SiteId,
    range: LoadHistoryRange,
    from: IsoTime,
    to: IsoTime,
    /** The stored buckets read: minute buckets, or hour aggregates (min/max are then of hour averages). */
    source: LoadHistoryResolution,
    /** Width of one point (s): 60 = the stored 1-minute resolution, more = downsampled. */
    resolutionS: z.number().int(),
    downsampled: z.boolean(),
    maxPointsPerSeries: z.number().int(),
    networks: z.array(z.object({ networkId: DlmNetworkId, points: z.array(LoadHistoryPoint) }).strict()),
    /** Energy per UTC day of the range (Wh), per site and per charge point, from the energy registers. */
    energyByDay: z.array(
      z
        .object({
          day: z.iso.date(),
          siteWh: z.number(),
          chargePoints: z.array(z.object({ chargePointId: ChargePointId, wh: z.number() }).strict()),
        })
        .strict(),
    ),
  })
  .strict();
export type LoadHistoryOutput = z.infer<typeof LoadHistoryOutput>;
