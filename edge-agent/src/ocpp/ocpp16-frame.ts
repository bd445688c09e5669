import type { Ocpp16ErrorCode } from './ocpp16-errors';

// What an inbound OCPP-J 1.6 frame is, before any handler sees it (pure). 1.6 can only answer a CALL
// whose UniqueId it can read (§4.2.3 Table 6: the CALLERROR carries "the exact same id"); frames without
// one, and unknown message types (§4.1.3: "SHALL ignore"), get no reply at all.

export type InboundFrame =
  /** Well-formed: handed on to the RPC layer (text is normalised where 1.6 allows two notations). */
  | { kind: 'pass'; text: string }
  /** Nothing to answer: logged and counted as a bad frame. */
  | { kind: 'ignore'; reason: string }
  /** A CALL whose id is readable but whose wrapper is not 1.6's: answered with this CALLERROR. */
  | { kind: 'reject'; messageId: string; errorCode: Ocpp16ErrorCode; description: string };

const CALL = 2;
const CALLRESULT = 3;
const CALLERROR = 4;
/** §4.1.4 Table 3: "Maximum of 36 characters, to allow for GUIDs". */
export const MAX_MESSAGE_ID_LENGTH = 36;

export function readInboundFrame(text: string): InboundFrame {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { kind: 'ignore', reason: 'not JSON (§4.1.2), so no UniqueId to answer' };
  }
  if (!Array.isArray(frame))
    return { kind: 'ignore', reason: 'not a JSON array (§4.2), so no UniqueId to answer' };
  const [messageType, messageId, ...rest] = frame as unknown[];
  if (typeof messageType !== 'number')
    return { kind: 'ignore', reason: 'MessageTypeId is not a number (§4.1.3)' };
  if (messageType !== CALL && messageType !== CALLRESULT && messageType !== CALLERROR)
    return { kind: 'ignore', reason: `MessageTypeId ${messageType} is not 2, 3 or 4: ignored (§4.1.3)` };
  if (typeof messageId !== 'string') return { kind: 'ignore', reason: 'UniqueId is not a string (§4.1.4)' };
  if (messageType === CALLRESULT)
    // §4.2.2: an empty result may be written null or {}; the RPC layer validates objects.
    return rest[0] === null
      ? { kind: 'pass', text: JSON.stringify([CALLRESULT, messageId, {}]) }
      : { kind: 'pass', text };
  if (messageType === CALLERROR) return { kind: 'pass', text };
  return readCall(messageId, rest, text);
}

function readCall(messageId: string, rest: unknown[], text: string): InboundFrame {
  const reject = (description: string): InboundFrame => ({
    kind: 'reject',
    messageId,
    errorCode: 'FormationViolation',
    description,
  });
  // §4.2.3: "unique identifier too long" is one of the cases a CallError is for.
  if (messageId.length > MAX_MESSAGE_ID_LENGTH)
    return reject(`UniqueId: longer than ${MAX_MESSAGE_ID_LENGTH} characters (§4.1.4)`);
  const [action, payload] = rest;
  if (rest.length !== 2) return reject('a CALL has 4 elements: [2, UniqueId, Action, Payload] (§4.2.1)');
  if (typeof action !== 'string' || action === '')
    return reject('Action: must be a non-empty string (§4.2.1)');
  // §4.2.1: "If there is no payload JSON allows for two different notations: null or an empty object".
  if (payload === null) return { kind: 'pass', text: JSON.stringify([CALL, messageId, action, {}]) };
  if (typeof payload !== 'object' || Array.isArray(payload))
    return reject('Payload: must be a JSON object (§4.2.1)');
  return { kind: 'pass', text };
}
