import { ROLLOUT_SITE_STATES, ROLLOUT_STATUSES, SiteId } from '@ampfleet/domain';
import { z } from 'zod';

// rollouts.* inputs and outputs (issue #12 points 5 and 7; public contract, partner scope 'configuration').

export const RolloutId = z.uuid();
const Severity = z.enum(['error', 'warning', 'info']);
const FindingRef = z.object({
  id: z.string(),
  ruleId: z.string(),
  severity: Severity,
  section: z.string(),
  message: z.string(),
  path: z.string(),
});
const FieldError = z.object({ path: z.string(), message: z.string() });

export const SiteDryRunView = z.object({
  siteId: z.string(),
  outcome: z.enum(['changes', 'unchanged', 'invalid']),
  error: FieldError.optional(),
  parameterChanges: z.number().int(),
  newFindings: z.array(FindingRef),
  removedFindings: z.array(FindingRef),
  blocked: z.boolean(),
});

export const RolloutsCreateInput = z
  .object({
    siteIds: z.array(SiteId).min(1).max(2000),
    /** { kind: 'parameter', param, value } or { kind: 'template', template: 'useCase1'…'useCase4' }; checked by the use case. */
    change: z.unknown(),
    dryRun: z.boolean(),
    restartConfirmed: z.boolean().default(false),
    maxInFlight: z.number().int().min(1).max(100).default(10),
  })
  .strict();
export const RolloutsCreateOutput = z.object({
  dryRun: z.boolean(),
  rolloutId: RolloutId.optional(),
  summary: z.object({
    sites: z.number().int(),
    changing: z.number().int(),
    unchanged: z.number().int(),
    blocked: z.number().int(),
    newFindings: z.number().int(),
    removedFindings: z.number().int(),
  }),
  sites: z.array(SiteDryRunView),
});

export const RolloutsGetInput = z.object({ rolloutId: RolloutId }).strict();
export const RolloutsListInput = z.object({ limit: z.number().int().min(1).max(100).default(20) }).strict();
export const RolloutsControlInput = z.object({ rolloutId: RolloutId }).strict();

const RolloutSummary = z.object({
  rolloutId: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  change: z.record(z.string(), z.unknown()),
  restartConfirmed: z.boolean(),
  maxInFlight: z.number().int(),
  status: z.enum(ROLLOUT_STATUSES),
  siteCount: z.number().int(),
  updatedAt: z.string(),
});
const Progress = z.object({
  total: z.number().int(),
  queued: z.number().int(),
  inFlight: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  percent: z.number().int(),
});
const EcuResult = z.object({
  chargePointId: z.string(),
  outcome: z.enum(['pending', 'succeeded', 'failed']),
  manual: z.array(z.string()),
  restart: z.enum(['sent', 'notConfirmed', 'waitingForTransaction']).optional(),
  detail: z.string().optional(),
});
const SiteView = z.object({
  index: z.number().int(),
  siteId: z.string(),
  state: z.enum(ROLLOUT_SITE_STATES),
  version: z.number().int().optional(),
  error: FieldError.optional(),
  ecus: z.array(EcuResult).optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});

export const RolloutsGetOutput = z.object({
  rollout: RolloutSummary,
  progress: Progress,
  sites: z.array(SiteView),
});
export const RolloutsListOutput = z.object({ rollouts: z.array(RolloutSummary) });
export const RolloutsControlOutput = z.object({ rolloutId: z.string(), status: z.enum(ROLLOUT_STATUSES) });
