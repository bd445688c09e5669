import { z } from 'zod';

// Identifiers that travel in MQTT topics, DynamoDB keys and OCPP URLs: no '/', '#', '+' or spaces,
// so a topic level or key segment can never be forged by an id.
const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export const OrgId = z.string().min(1).max(64).regex(idPattern, 'letters, digits and . _ : - only');
export const SiteId = z.string().min(1).max(64).regex(idPattern, 'letters, digits and . _ : - only');
/** OCPP charge box identity (the last path segment of the OCPP-J URL). */
export const ChargePointId = z.string().min(1).max(48).regex(idPattern, 'letters, digits and . _ : - only');
/** Unique per message, set by the edge agent; the cloud deduplicates on it. */
export const MessageId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

export type OrgId = z.infer<typeof OrgId>;
export type SiteId = z.infer<typeof SiteId>;
export type ChargePointId = z.infer<typeof ChargePointId>;
