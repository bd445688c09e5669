// Input of the planning simulator: a site in the allocation engine's own terms (§7–§9), how EVs
// arrive, the household load an external meter sees (§7.4), the DLM sample rate (§7) and a seed.
import { z } from 'zod';
import {
  ChargePointSchema,
  checkTreeIds,
  DlmNetworkSchema,
  ExternalMeterSchema,
  PhaseVectorSchema,
  SupplyLineSchema,
} from '../allocation/index';

const seconds = z.number().finite().nonnegative();
const wattHours = z.number().finite().positive();

/** A charge point as installed; its EV comes from the arrival model. */
export const ScenarioChargePointSchema = ChargePointSchema.omit({ ev: true });

export const ScenarioSupplyLineSchema = SupplyLineSchema.extend({
  chargePoints: z.array(ScenarioChargePointSchema),
});

/** §7.4 meter settings; the readings are simulated from `householdLoad`, so the meter is connected. */
export const ScenarioMeterSchema = z.discriminatedUnion('location', [
  ExternalMeterSchema.options[0],
  ExternalMeterSchema.options[1].omit({ samples: true, connected: true }),
]);

/** Non-EV load per grid phase for each hour of the day 0–23 [A] (morning and evening peaks). */
export const HouseholdLoadSchema = z
  .array(PhaseVectorSchema)
  .length(24)
  .describe('per hour of day 0–23: non-EV load per phase L1/L2/L3 [A]');

export const ScenarioNetworkSchema = DlmNetworkSchema.extend({
  externalMeter: ScenarioMeterSchema.default({ location: 'off' }),
  /** What the external meter sees besides the EVs (use case 4); absent → none. */
  householdLoad: HouseholdLoadSchema.optional(),
  supplyLines: z.array(ScenarioSupplyLineSchema),
});

/** On-board charger (DESIGN.md "Facts for simulators"): phases used and max current per phase. */
const EvTypeShape = {
  phases: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  maxCurrentA: z.number().int().min(6).max(80),
};

export const ArrivalSchema = z
  .object({
    id: z.string().min(1).optional(),
    /** Simulation seconds from the start. */
    time: seconds,
    /** A particular charge point; absent → the first free one. */
    chargePointId: z.string().min(1).optional(),
    ...EvTypeShape,
    energyNeedWh: wattHours,
    /** Simulation seconds; the EV leaves (or gives up waiting) then. */
    departure: seconds,
  })
  .refine((a) => a.departure > a.time, { message: 'departure must be after time', path: ['departure'] });

const range = (unit: z.ZodNumber) =>
  z
    .object({ min: unit, max: unit })
    .refine((r) => r.max >= r.min, { message: 'max must be ≥ min', path: ['max'] });

export const EvMixEntrySchema = z.object({ ...EvTypeShape, share: z.number().positive() });

export const ArrivalGeneratorSchema = z.object({
  kind: z.literal('generated'),
  /** Expected arrivals per hour, for each hour of the day 0–23 (Poisson). */
  arrivalsPerHour: z.array(z.number().finite().nonnegative()).length(24),
  /** Shares are relative weights; they need not add up to 1. */
  evMix: z.array(EvMixEntrySchema).min(1),
  energyNeedWh: range(wattHours),
  dwellHours: range(z.number().finite().positive()),
});

export const ArrivalModelSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('list'), arrivals: z.array(ArrivalSchema) }),
  ArrivalGeneratorSchema,
]);

const SimulationScenarioBase = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  siteId: z.string().min(1),
  mainConnectionLimit: PhaseVectorSchema,
  dlmNetworks: z.array(ScenarioNetworkSchema).min(1),
  evArrivals: ArrivalModelSchema,
  /** §7 'DLM Algorithm Sample Rate' [s]. */
  sampleRateS: z.number().int().min(1).max(3600).default(30),
  /** Grid voltage phase–neutral [V], for energy. */
  voltageV: z.number().positive().default(230),
  seed: z.number().int().default(1),
});

export const SimulationScenarioSchema = SimulationScenarioBase.superRefine(checkIds);

export const SimulationScenario = SimulationScenarioSchema;
export type SimulationScenario = z.infer<typeof SimulationScenarioSchema>;
export type SimulationScenarioDraft = z.input<typeof SimulationScenarioSchema>;
export type ScenarioNetwork = z.infer<typeof ScenarioNetworkSchema>;
export type ScenarioChargePoint = z.infer<typeof ScenarioChargePointSchema>;
export type Arrival = z.infer<typeof ArrivalSchema>;
export type ArrivalGenerator = z.infer<typeof ArrivalGeneratorSchema>;

type ScenarioBase = z.infer<typeof SimulationScenarioBase>;

/** Ids are unique across the site; arrivals name charge points that exist. */
function checkIds(scenario: ScenarioBase, ctx: z.core.$RefinementCtx<ScenarioBase>): void {
  const chargePoints = checkTreeIds(scenario, ctx);
  if (scenario.evArrivals.kind !== 'list') return;
  scenario.evArrivals.arrivals.forEach((a, i) => {
    if (a.chargePointId !== undefined && !chargePoints.has(a.chargePointId))
      ctx.addIssue({
        code: 'custom',
        message: `no charge point '${a.chargePointId}'`,
        path: ['evArrivals', 'arrivals', i, 'chargePointId'],
      });
  });
}

/** The scenario contract as JSON Schema (`ampfleet schema`, the console). */
export function simulationScenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(SimulationScenarioSchema, { io: 'input' });
}
