import { z } from 'zod';

export const HealthResponse = z.object({
  status: z.literal('ok'),
  sites: z.number().int().min(0),
  chargePoints: z.number().int().min(0),
  lastTelemetryAt: z.string().nullable(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
