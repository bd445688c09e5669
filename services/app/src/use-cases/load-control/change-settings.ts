import { randomUUID } from 'node:crypto';
import {
  actorOf,
  controlSiteOf,
  describeIssues,
  guaranteedMinimumKw,
  LoadControlSettings,
  LoadDimInput,
  LoadSetLimitsInput,
  LoadSetPeakCapInput,
  LoadSetScheduleInput,
  fieldIssues,
  validateDimming,
  validateLimits,
  validatePeakCap,
  validateSchedule,
  type ControlSite,
  type DimmingLogEntry,
  type FieldIssue,
  type LoadControlOutput,
  type LoadControlSettings as Settings,
} from '@ampfleet/domain';
import type { z } from 'zod';
import { recordAudit, requireSiteAccess } from '../../access';
import { ConflictError, InvalidRequestError, NotFoundError } from '../../errors';
import type { CallerContext, CommandPublisher } from '../../ports';
import { runLoadControl } from './run-load-control';

// load.setLimits, load.setSchedule, load.dim, load.setPeakCap (issue #13 point 7): one shape —
// parse (domain schema) → check against the site's hardware (desired configuration) → write the next
// settings version over the one read (a concurrent change → ConflictError, nothing written) → audit →
// run the controller for the site at once (the "run on settings change"; the every-minute run follows).

export type LoadControlContext = CallerContext & { publisher: CommandPublisher; newId: () => string };

interface Change {
  /** The settings after the change, or field issues against the hardware. */
  apply(settings: Settings, site: ControlSite, ctx: LoadControlContext): Settings | FieldIssue[];
  log?: (before: Settings, after: Settings, site: ControlSite) => DimmingLogEntry | undefined;
  detail: string;
}

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = fieldIssues(parsed.error);
  throw new InvalidRequestError(describeIssues(issues), issues);
}

async function change(ctx: LoadControlContext, siteId: string, what: Change): Promise<LoadControlOutput> {
  await requireSiteAccess(ctx, 'site:load', siteId);
  const [config, stored] = await Promise.all([
    ctx.repos.load.desiredConfig(siteId),
    ctx.repos.loadControl.settings(siteId),
  ]);
  if (config === undefined)
    throw new NotFoundError(`site ${siteId} has no configuration: its hardware limits are not known`);
  const site = controlSiteOf(config);
  const before = stored ?? LoadControlSettings.parse({});
  const next = what.apply(before, site, ctx);
  if (Array.isArray(next)) throw new InvalidRequestError(describeIssues(next), next);
  const now = ctx.clock.now().toISOString();
  const settings: Settings = { ...next, version: before.version + 1, updatedAt: now };
  const log = what.log?.(before, settings, site);
  const saved = await ctx.repos.loadControl.save(
    siteId,
    settings,
    before.version,
    log && { ...log, entryId: randomUUID() },
  );
  if (saved === 'conflict')
    throw new ConflictError('the load-control settings changed meanwhile; read them and retry');
  await recordAudit(ctx, { action: 'load.change', siteId, detail: what.detail });
  await runLoadControl(ctx, siteId);
  return { siteId, settings };
}

export async function setLoadLimits(ctx: LoadControlContext, raw: unknown): Promise<LoadControlOutput> {
  const input = parse(LoadSetLimitsInput, raw);
  return change(ctx, input.siteId, {
    detail: 'limits',
    apply: (s, site) => {
      const issues = validateLimits(site, input.limits);
      return issues.length ? issues : { ...s, limits: input.limits };
    },
  });
}

export async function setLoadSchedule(ctx: LoadControlContext, raw: unknown): Promise<LoadControlOutput> {
  const input = parse(LoadSetScheduleInput, raw);
  return change(ctx, input.siteId, {
    detail: `schedule (${input.schedule.entries.length} entries)`,
    apply: (s, site) => {
      const issues = validateSchedule(site, input.schedule);
      return issues.length ? issues : { ...s, schedule: input.schedule };
    },
  });
}

export async function setLoadPeakCap(ctx: LoadControlContext, raw: unknown): Promise<LoadControlOutput> {
  const input = parse(LoadSetPeakCapInput, raw);
  return change(ctx, input.siteId, {
    detail: input.peakCapKw === null ? 'peak cap removed' : `peak cap ${input.peakCapKw} kW`,
    apply: (s, site) => {
      const issues = validatePeakCap(site, input.peakCapKw);
      if (issues.length) return issues;
      const { peakCapKw: _old, ...rest } = s;
      return input.peakCapKw === null ? rest : { ...rest, peakCapKw: input.peakCapKw };
    },
  });
}

/**
 * load.dim: a §14a EnWG dimming signal starts or ends. Its start and end are logged for the grid
 * operator (append-only, in the same transaction as the settings); a start while dimmed or an end while
 * not dimmed changes nothing and logs nothing.
 */
export async function dimLoad(ctx: LoadControlContext, raw: unknown): Promise<LoadControlOutput> {
  const input = parse(LoadDimInput, raw);
  const active = input.action === 'start';
  return change(ctx, input.siteId, {
    detail: `§14a dimming ${input.action}`,
    apply: (s, site) => {
      const issues = active ? validateDimming(site) : [];
      if (issues.length) return issues;
      if (s.dimming.active === active) return s;
      return {
        ...s,
        dimming: {
          active,
          since: ctx.clock.now().toISOString(),
          ...(input.reference !== undefined && { reference: input.reference }),
        },
      };
    },
    log: (before, after, site) => {
      if (before.dimming.active === after.dimming.active) return undefined; // no transition
      return {
        siteId: input.siteId,
        at: after.dimming.since ?? ctx.clock.now().toISOString(),
        event: input.action,
        ...(input.reference !== undefined && { reference: input.reference }),
        ...(active && {
          guaranteedMinimumKw: guaranteedMinimumKw(site.controllableDevices),
          controllableDevices: site.controllableDevices,
        }),
        by: actorOf(ctx.principal).id,
      };
    },
  });
}

/** The §14a dimming log of a site (for the grid operator), newest first. */
export async function readDimmingLog(
  ctx: CallerContext,
  input: { siteId: string; limit?: number },
): Promise<DimmingLogEntry[]> {
  await requireSiteAccess(ctx, 'site:read', input.siteId);
  return ctx.repos.loadControl.dimmingLog(input.siteId, Math.min(input.limit ?? 100, 1000));
}
