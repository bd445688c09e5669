import { z } from 'zod';
import { EcuConfigSchema } from '../config/config-schema';
import {
  SiteExternalMeter,
  Lan,
  PhaseRating,
  Site,
  Station,
  StationEcu,
  SiteSupplyLine,
} from '../config/site';
import { AuditRuleInfo, Finding } from './finding';

// Every schema of the configuration model by name, for validation and JSON Schema export.

export const schemas = {
  Site,
  Station,
  StationEcu,
  EcuConfig: EcuConfigSchema,
  Lan,
  SiteSupplyLine,
  SiteExternalMeter,
  PhaseRating,
  Finding,
  AuditRuleInfo,
} as const;
export type SchemaName = keyof typeof schemas;

/** JSON Schema (draft 2020-12) of one model schema; secrets are marked writeOnly. */
export function jsonSchemaOf(name: SchemaName): Record<string, unknown> {
  return z.toJSONSchema(schemas[name], { unrepresentable: 'any', io: 'input' });
}
