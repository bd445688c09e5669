import { z } from 'zod';
import { StationModel } from '../config/hardware';

// Inputs of the planners and templates as zod schemas: validated at the CLI and API edges, exported
// as JSON Schema (`ampfleet schema <name>`).

const stationId = z.string().min(1).max(64);

export const PhasePlanRequest = z
  .object({
    stations: z
      .array(z.object({ id: stationId, model: StationModel, singlePhase: z.boolean().optional() }).strict())
      .min(1),
  })
  .strict();
export type PhasePlanRequest = z.infer<typeof PhasePlanRequest>;

const ipv4 = z.string().regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, 'expected an IPv4 address');

export const NetworkPlanRequest = z
  .object({
    stations: z
      .array(z.object({ id: stationId, model: StationModel, firmware: z.string().min(3) }).strict())
      .min(1),
    backend: z.enum(['sim', 'localInternet']),
    addressing: z.enum(['static', 'dhcp', 'auto']).optional(),
    backendUrl: z.string().regex(/^wss?:\/\//, 'must start with ws:// or wss:// (§5.2)'),
    firstIp: ipv4.optional(),
    routerIp: ipv4.optional(),
  })
  .strict();
export type NetworkPlanRequest = z.infer<typeof NetworkPlanRequest>;

export const UseCase = z.enum(['use-case-1', 'use-case-2', 'use-case-3', 'use-case-4']);
export type UseCase = z.infer<typeof UseCase>;

const amps = z.coerce.number().int().min(6).max(4000);

/** Template options as given on the command line (strings coerced). */
export const TemplateRequest = z
  .object({
    useCase: UseCase,
    firmware: z.string().min(3).optional(),
    backend: z.enum(['sim', 'localInternet']).optional(),
    addressing: z.enum(['static', 'dhcp']).optional(),
    backendUrl: z
      .string()
      .regex(/^wss?:\/\//, 'must start with ws:// or wss:// (§5.2)')
      .optional(),
    supplyLine: amps.optional(),
    main: amps.optional(),
    stations: z.array(StationModel).min(1).optional(),
    /** Use case 4: 1 = meter measures external consumers only (§7.4.1), 2 = total consumption (§7.4.2). */
    option: z.coerce
      .number()
      .refine(
        (v) => v === 1 || v === 2,
        'must be 1 (meter measures external consumers only, §7.4.1) or 2 (total consumption, §7.4.2)',
      )
      .optional(),
    fallback: z.coerce.number().int().min(0).max(9999).optional(),
  })
  .strict();
export type TemplateRequest = z.infer<typeof TemplateRequest>;
