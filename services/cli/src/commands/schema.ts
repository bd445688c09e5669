import {
  AllocationInputSchema,
  Command as CloudCommand,
  NetworkPlanRequest,
  PhasePlanRequest,
  schemas as modelSchemas,
  TelemetryMessage,
  TemplateRequest,
} from '@ampfleet/domain';
import { EdgeConfig } from '@ampfleet/edge-agent';
import { z } from 'zod';
import type { Command } from '../command';
import { CliError } from '../errors';
import { printJson } from '../io';
import { ReportedConfigs } from './drift';

// JSON Schema of every input the CLI and the system accept, generated from the zod schemas themselves.
const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export const inputSchemas: Record<string, { schema: z.ZodType; about: string }> = {
  ...Object.fromEntries(
    Object.entries(modelSchemas).map(([name, schema]) => [
      kebab(name),
      { schema, about: `configuration model: ${name}` },
    ]),
  ),
  'reported-configs': {
    schema: ReportedConfigs,
    about: 'reported ECU configurations by charge point (ampfleet drift)',
  },
  'phase-plan-request': { schema: PhasePlanRequest, about: 'stations for ampfleet plan rotation' },
  'network-plan-request': {
    schema: NetworkPlanRequest,
    about: 'stations and backend for ampfleet plan network',
  },
  'template-request': { schema: TemplateRequest, about: 'options of ampfleet template' },
  'allocation-input': {
    schema: AllocationInputSchema,
    about: 'the allocation engine input: a tree of per-phase limits (ampfleet allocate)',
  },
  'edge-config': { schema: EdgeConfig, about: 'edge agent configuration file (ampfleet-edge --config)' },
  'telemetry-message': { schema: TelemetryMessage, about: 'MQTT telemetry payload (edge → cloud)' },
  command: { schema: CloudCommand, about: 'MQTT command payload (cloud → edge, channel commands)' },
};

export const schemaCommand: Command = {
  name: 'schema',
  usage: 'ampfleet schema <name>',
  summary: 'JSON Schema of an input (without a name: the list of names)',
  async run(args, io) {
    const name = args[0];
    const entry = name ? inputSchemas[name] : undefined;
    if (!entry) {
      const names = Object.keys(inputSchemas).sort().join(', ');
      throw new CliError(`${name ? `unknown schema '${name}'` : 'name a schema'}; one of: ${names}`, 2);
    }
    printJson(io, {
      title: name,
      description: entry.about,
      ...z.toJSONSchema(entry.schema, { io: 'input', unrepresentable: 'any' }),
    });
    return 0;
  },
};
