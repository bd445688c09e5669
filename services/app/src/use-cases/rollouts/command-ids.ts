import { createHash } from 'node:crypto';

/**
 * The id of a command a rollout sends: derived from the rollout, site, charge point and OCPP key, so a
 * retried step sends the SAME command (the record's conditional put and the agent's dedup make it once).
 * A UUID in form (version 8: custom, RFC 9562) as the command contract requires.
 */
export function rolloutCommandId(
  orgId: string,
  rolloutId: string,
  siteId: string,
  chargePointId: string,
  what: string,
): string {
  const h = createHash('sha256')
    .update(`${orgId}\n${rolloutId}\n${siteId}\n${chargePointId}\n${what}`)
    .digest('hex');
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
