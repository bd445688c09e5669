import { z } from 'zod';
import type { EcuConfig } from './catalog';
import { ECU_PARAM_KEYS, paramSpec } from './catalog';
import type { ParamSpec, StringFormat } from './catalog-types';

// The zod schema of an ECU configuration, generated from the catalog so ranges and options live once.

const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(text: string): boolean {
  return ipv4.test(text);
}

function stringSchema(format: StringFormat, maxLength: number): z.ZodType<string> {
  const base = z.string().max(maxLength);
  switch (format) {
    case 'ipv4':
      // Empty is allowed: 'Static network configuration GATEWAY' stays empty on the gateway (§5.3).
      return base.refine((s) => s === '' || isIpv4(s), 'an IPv4 address like 192.168.0.2, or empty');
    case 'netmask':
      return base.refine((s) => s === '' || isIpv4(s), 'a netmask like 255.255.255.0');
    case 'url':
    case 'text':
      return base;
  }
}

export function paramValueSchema(spec: ParamSpec): z.ZodType {
  switch (spec.type) {
    case 'enum': {
      const values = spec.options.map((o) => o.value) as [string, ...string[]];
      return z.enum(values);
    }
    case 'int':
      return z.number().int().min(spec.min).max(spec.max);
    case 'triplet': {
      const phase = z.number().int().min(spec.min).max(spec.max);
      return z.object({ l1: phase, l2: phase, l3: phase }).strict();
    }
    case 'bool':
      return z.boolean();
    case 'string': {
      const schema = stringSchema(spec.format, spec.maxLength);
      return spec.secret ? schema.meta({ writeOnly: true, description: 'secret' }) : schema;
    }
  }
}

function buildShape(): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const key of ECU_PARAM_KEYS) {
    const spec = paramSpec(key);
    shape[key] = paramValueSchema(spec)
      .optional()
      .meta({ description: spec.names['4.61'] ?? spec.description });
  }
  return shape;
}

// The cast is checked by catalog.test.ts: every catalog key, option and range round-trips the schema.
export const EcuConfigSchema = z.object(buildShape()).strict() as unknown as z.ZodType<EcuConfig>;
