import { toOcpp16ErrorCode } from './ocpp16-errors';
import { readInboundFrame } from './ocpp16-frame';
import type { ServerClient } from './rpc';

// OCPP-J 1.6 framing on top of ocpp-rpc 2.2.1, which speaks 2.0.1's RPC framework: it answers frames
// without a readable UniqueId with [4,"-1","RpcFrameworkError",…], unknown message types with
// MessageTypeNotSupported, and for 'ocpp1.6' rewrites OccurenceConstraintViolation to the 2.0.1 spelling.
// ocpp-rpc has no 1.6 mode, so its inbound frame entry and its one outbound send are wrapped here.

interface RpcClientInternals {
  _onMessage(buffer: Buffer): void;
  sendRaw(message: string): void;
}

export interface Ocpp16Framing {
  /** After this many bad frames in a row the socket is closed (1002), as ocpp-rpc does for its own. */
  maxBadFrames: number;
  onBadFrame(reason: string): void;
}

export function enforceOcpp16Framing(client: ServerClient, framing: Ocpp16Framing): void {
  const rpc = client as unknown as RpcClientInternals;
  const onMessage = rpc._onMessage.bind(rpc);
  const sendRaw = rpc.sendRaw.bind(rpc);
  let badInARow = 0;
  const bad = (reason: string) => {
    framing.onBadFrame(reason);
    if (++badInARow > framing.maxBadFrames) void client.close({ code: 1002, reason: 'Protocol error' });
  };

  rpc.sendRaw = (message) => sendRaw(asOcpp16(message));
  rpc._onMessage = (buffer) => {
    const text = buffer.toString('utf8');
    if (text.length === 0) return onMessage(buffer); // ocpp-rpc ignores empty frames (some vendors send them)
    const frame = readInboundFrame(text);
    if (frame.kind === 'ignore') return bad(frame.reason);
    if (frame.kind === 'reject') {
      bad(frame.description);
      return sendRaw(JSON.stringify([4, frame.messageId, frame.errorCode, frame.description, {}]));
    }
    badInARow = 0;
    onMessage(frame.text === text ? buffer : Buffer.from(frame.text));
  };
}

/**
 * §3.1.2: a connection without an agreed subprotocol is closed at once (1002, protocol error), and nothing
 * it sends in the meantime is read — ocpp-rpc would otherwise still answer while the socket is closing.
 */
export function closeWithoutSubprotocol(client: ServerClient, reason: string): Promise<unknown> {
  (client as unknown as RpcClientInternals)._onMessage = () => undefined;
  return client.close({ code: 1002, reason, awaitPending: false });
}

/** Every outbound CALLERROR carries a code from the 1.6 table (§4.2.3); other frames pass untouched. */
export function asOcpp16(message: string): string {
  if (!message.startsWith('[4')) return message;
  const frame = JSON.parse(message) as unknown[];
  const code = frame[2];
  if (frame[0] !== 4 || typeof code !== 'string') return message;
  const ocpp16 = toOcpp16ErrorCode(code);
  return ocpp16 === code ? message : JSON.stringify([4, frame[1], ocpp16, ...frame.slice(3)]);
}
