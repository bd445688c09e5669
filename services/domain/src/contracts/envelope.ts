import { z } from 'zod';
import { ChargePointId, MessageId } from './ids';

// The one envelope of every edge → cloud telemetry message (MQTT channel 'telemetry'), spread into each
// kind's schema (messages.ts lists the kinds). On the wire it is four flat fields beside `type`:
//   v            the schema version (TELEMETRY_SCHEMA_VERSION);
//   messageId    unique per message, set by the edge agent; the cloud applies each id at most once;
//   chargePointId the subject: the charge point the message is about. DLM and meter messages are about a
//                DLM network and are filed under its master (the meter is wired to the master, §7.4; the
//                master holds the network's limits, §7.1); they name the network in their body
//                (`networkId`), so per-charge-point ordering stays meaningful for every kind;
//   observedAt   when the edge agent observed the event (its clock; an unset ECU clock's 1970 is replaced).
//
// Version rule: `v` changes only when an old reader would misread a message — a field removed or renamed,
// a meaning or unit changed, a field made required that old agents do not send. Adding an optional field,
// or a new kind, keeps `v` (old journals still replay; the cloud accepts both). A new `v` is accepted by
// the ingest before any agent sends it.

export const TELEMETRY_SCHEMA_VERSION = 1;

export const IsoTime = z.iso.datetime({ offset: true });

export const envelope = {
  v: z.literal(TELEMETRY_SCHEMA_VERSION),
  messageId: MessageId,
  chargePointId: ChargePointId,
  observedAt: IsoTime,
};

export type Envelope = z.infer<z.ZodObject<typeof envelope>>;

/** The fields every message has: the envelope and its kind. */
export type EnvelopeField = keyof Envelope | 'type';

/** A message without its envelope and kind: what it says about its subject. */
export type MessageBody<M extends Envelope, Also extends keyof M = never> = Omit<M, EnvelopeField | Also>;

/** Splits a message into its envelope (with its kind) and its body. */
export function splitEnvelope<M extends Envelope & { type: string }>(
  message: M,
): { envelope: Envelope & { type: M['type'] }; body: MessageBody<M> } {
  const { v, messageId, chargePointId, observedAt, type, ...body } = message;
  return { envelope: { v, messageId, chargePointId, observedAt, type }, body };
}
