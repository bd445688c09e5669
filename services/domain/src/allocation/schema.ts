// Input contract of the allocation engine (DESIGN.md "Allocation"; manual §7–§9).
// Tree: site main connection → DLM networks → station supply lines → charge points.
import { z } from 'zod';
import { PhaseConnection, PhaseRotation, type PhaseVector } from '../phases/index';

const amps = z.number().finite().nonnegative();
const wholeAmps = z.number().int().nonnegative();

/** One value per grid phase L1/L2/L3 (or per CP phase 1/2/3 where stated), in A. */
export const PhaseVectorSchema = z.tuple([amps, amps, amps]).describe('per phase L1/L2/L3 [A]');
/** Offsets may be configured with either sign (§9: example +16, help text "only negative"). */
const PhaseOffsetsSchema = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

/** §3 rotation and connection: the phases module's, under the names of this contract. */
export const PhaseRotationSchema = PhaseRotation;
export const ConnectionSchema = PhaseConnection;
export const EvStateSchema = z.enum(['none', 'ready', 'charging', 'suspendedEv', 'finished']);
export const EvPhasesSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal('unknown')]);

export const EvSchema = z.object({
  state: EvStateSchema,
  /** 'unknown' → assume 3 until the measured draw shows which phases are used. */
  phasesInUse: EvPhasesSchema.default('unknown'),
  /** IEC 61851: below 6 A an EV cannot charge. */
  minCurrent: wholeAmps.default(6),
  /** The EV's own maximum (on-board charger), if known. */
  maxCurrent: wholeAmps.optional(),
  /** Measured draw per CP phase 1/2/3 [A], averaged over the sample period. */
  measuredCurrent: PhaseVectorSchema.default([0, 0, 0]),
  /** The current last offered to the EV [A]; with measuredCurrent it reveals unused current. */
  offeredCurrent: amps.optional(),
  /** Plug-in time, epoch milliseconds; earlier plug-in wins under Fair Trade (FIFO). */
  pluggedInAt: z.number().int(),
});

export const ChargePointSchema = z.object({
  id: z.string().min(1),
  connection: ConnectionSchema.default('threePhase'),
  phaseRotation: PhaseRotationSchema.default('RST'),
  /** CP rating [A]. */
  ratedCurrent: wholeAmps,
  /** Charging cable rating [A], if a cable limits it. */
  cableCurrent: wholeAmps.optional(),
  ev: EvSchema.optional(),
});

/**
 * Cloud-enforced asymmetry limit at a node [A] (VDE-AR-N 4100 at the grid connection point, e.g. 20 A;
 * no ECU enforces it across DLM networks). Imbalance of a node = max over phase pairs of
 * |load_Lx − load_Ly| of the node's per-phase EV load (the charging CPs under it).
 */
const imbalanceLimitA = amps
  .optional()
  .describe('max |load_Lx − load_Ly| of the EV load under this node [A]; absent: no limit');

export const SupplyLineSchema = z.object({
  id: z.string().min(1),
  limit: PhaseVectorSchema,
  imbalanceLimitA,
  chargePoints: z.array(ChargePointSchema),
});

export const ExternalMeterSchema = z.discriminatedUnion('location', [
  z.object({ location: z.literal('off') }),
  z.object({
    /** §7.4.1 'excluding': meter sees other consumers only; §7.4.2 'including': everything. */
    location: z.enum(['excludingEvseSubDistribution', 'includingEvseSubDistribution']),
    mainDistributionLimit: PhaseVectorSchema,
    /** From firmware 4.61: safety distance below the Main Distribution Limit. */
    headroom: PhaseVectorSchema.default([0, 0, 0]),
    /** 'External Meter Disconnected Fallback' / 4.61 'External Load Fallback'. */
    fallback: PhaseVectorSchema.default([9999, 9999, 9999]),
    connected: z.boolean(),
    /** Readings over the sample period; the engine averages them (§7 sample rate help text). */
    samples: z.array(PhaseVectorSchema).default([]),
  }),
]);

export const DlmNetworkSchema = z.object({
  id: z.string().min(1),
  subDistributionLimit: PhaseVectorSchema,
  /** Runtime-changeable; clamped to ≤ subDistributionLimit (§7.1 help text). Absent → equal. */
  operatorLimit: PhaseVectorSchema.optional(),
  downgrade: z.object({ active: z.boolean(), offset: PhaseOffsetsSchema }).optional(),
  externalMeter: ExternalMeterSchema.default({ location: 'off' }),
  imbalancePrevention: z
    .object({ enabled: z.boolean(), limit: amps.default(20) })
    .default({ enabled: false, limit: 20 }),
  /** Cloud-enforced, on the EV load alone (§8's limit above also counts the meter's external load). */
  imbalanceLimitA,
  supplyLines: z.array(SupplyLineSchema),
});

export const AllocationInputSchema = z
  .object({
    siteId: z.string().min(1),
    mainConnectionLimit: PhaseVectorSchema,
    /** The main connection's asymmetry limit, across all DLM networks behind it. */
    imbalanceLimitA,
    dlmNetworks: z.array(DlmNetworkSchema),
  })
  .superRefine((site, ctx) => void checkTreeIds(site, ctx));

/**
 * Ids are unique across the tree (site, DLM networks, supply lines, charge points); each duplicate is
 * reported at its path. Returns the charge point ids, for checks that refer to them.
 */
export function checkTreeIds(
  tree: {
    siteId: string;
    dlmNetworks: readonly {
      id: string;
      supplyLines: readonly { id: string; chargePoints: readonly { id: string }[] }[];
    }[];
  },
  ctx: { addIssue(issue: { code: 'custom'; message: string; path: (string | number)[] }): void },
): Set<string> {
  const seen = new Set<string>([tree.siteId]);
  const chargePoints = new Set<string>();
  const claim = (id: string, path: (string | number)[]): void => {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `duplicate id '${id}'`, path });
    seen.add(id);
  };
  tree.dlmNetworks.forEach((network, n) => {
    claim(network.id, ['dlmNetworks', n, 'id']);
    network.supplyLines.forEach((line, l) => {
      claim(line.id, ['dlmNetworks', n, 'supplyLines', l, 'id']);
      line.chargePoints.forEach((cp, c) => {
        claim(cp.id, ['dlmNetworks', n, 'supplyLines', l, 'chargePoints', c, 'id']);
        chargePoints.add(cp.id);
      });
    });
  });
  return chargePoints;
}

export type { PhaseVector };
export type EvState = z.infer<typeof EvStateSchema>;
export type Ev = z.infer<typeof EvSchema>;
export type ChargePoint = z.infer<typeof ChargePointSchema>;
export type SupplyLine = z.infer<typeof SupplyLineSchema>;
export type ExternalMeter = z.infer<typeof ExternalMeterSchema>;
export type DlmNetwork = z.infer<typeof DlmNetworkSchema>;
/** Parsed input (defaults applied). */
export type AllocationInput = z.infer<typeof AllocationInputSchema>;
/** Input as written by a caller (defaults optional). */
export type AllocationInputDraft = z.input<typeof AllocationInputSchema>;

/** The input contract as JSON Schema, for partners and the console. */
export function allocationInputJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(AllocationInputSchema, { io: 'input' });
}

/** Bad allocation input; `issues` carry the path of each bad field. */
export class AllocationInputError extends Error {
  override readonly name = 'AllocationInputError';
  readonly issues: { path: string; message: string }[];
  constructor(cause: z.ZodError) {
    const issues = cause.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    super(`invalid allocation input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
      cause,
    });
    this.issues = issues;
  }
}

export function parseAllocationInput(raw: unknown): AllocationInput {
  const parsed = AllocationInputSchema.safeParse(raw);
  if (!parsed.success) throw new AllocationInputError(parsed.error);
  return parsed.data;
}
