import { TelemetryMessage } from '@ampfleet/domain';
import { EdgeConfig } from '@ampfleet/edge-agent';
import { z } from 'zod';
import type { Command } from '../command';
import { CliError } from '../errors';
import { printJson } from '../io';

// JSON Schema of every input the CLI and the system accept, generated from the zod schemas themselves.
export const inputSchemas: Record<string, { schema: z.ZodType; io: 'input' | 'output'; about: string }> = {
  'edge-config': {
    schema: EdgeConfig,
    io: 'input',
    about: 'edge agent configuration file (ampfleet-edge --config)',
  },
  'telemetry-message': {
    schema: TelemetryMessage,
    io: 'input',
    about: 'MQTT telemetry payload (edge → cloud)',
  },
};

export const schemaCommand: Command = {
  name: 'schema',
  usage: 'ampfleet schema <name>',
  summary: 'JSON Schema of an input (name: one of the listed schemas)',
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
      ...z.toJSONSchema(entry.schema, { io: entry.io, unrepresentable: 'any' }),
    });
    return 0;
  },
};
