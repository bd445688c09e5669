import { z } from 'zod';
import { ECU_PARAM_KEYS } from '../config/catalog';
import type { EcuParamKey } from '../config/catalog';

// What the audit reports: one finding per rule violation, with a message that says how to fix it and
// the manual section (§) the rule comes from.

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const AuditTargetKind = z.enum(['site', 'network', 'station', 'ecu', 'parameter']);
export type AuditTargetKind = z.infer<typeof AuditTargetKind>;

export const AuditTarget = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('site'),
    supplyLineId: z.string().optional(),
    meterId: z.string().optional(),
  }),
  /** A LAN, or a DLM network inside it (dlmNetworkId set). */
  z.object({ kind: z.literal('network'), lanId: z.string(), dlmNetworkId: z.number().int().optional() }),
  z.object({ kind: z.literal('station'), stationId: z.string() }),
  z.object({ kind: z.literal('ecu'), stationId: z.string(), chargePointId: z.string() }),
  z.object({
    kind: z.literal('parameter'),
    stationId: z.string(),
    chargePointId: z.string(),
    parameter: z.enum(ECU_PARAM_KEYS as [EcuParamKey, ...EcuParamKey[]]),
  }),
]);
export type AuditTarget = z.infer<typeof AuditTarget>;

/** How the rule was derived from the manual. */
export const RuleSource = z.enum(['stated', 'implied', 'added']);
export type RuleSource = z.infer<typeof RuleSource>;

export const AuditRuleInfo = z.object({
  id: z.string().regex(/^[a-z]+\.[a-z0-9-]+$/),
  severity: Severity,
  target: AuditTargetKind,
  section: z.string(),
  title: z.string(),
  /** 'stated' by the manual, 'implied' by it, or 'added' beyond it (the reason is in the title). */
  source: RuleSource,
});
export type AuditRuleInfo = z.infer<typeof AuditRuleInfo>;

export const Finding = z.object({
  ruleId: z.string(),
  severity: Severity,
  section: z.string(),
  target: AuditTarget,
  message: z.string(),
});
export type Finding = z.infer<typeof Finding>;
