// A minimal OCPP-J 1.6 central system for tests (ocpp-rpc RPCServer on 127.0.0.1): records every
// call from every charge point and answers with configurable replies.
import type { AddressInfo } from 'node:net';
import ocppRpc from 'ocpp-rpc';
import type { OcppParams } from './ocpp-client';
import { eventLog, type EventLog } from './wait-for';

const { createRPCError, RPCServer } = ocppRpc;

export interface ReceivedCall {
  readonly identity: string;
  readonly method: string;
  readonly params: OcppParams;
}

/** How the stub answers a call; throw to send a CALLERROR. */
export type Responder = (call: ReceivedCall) => OcppParams;

export interface OcppTestServer {
  readonly endpoint: string;
  readonly calls: EventLog<ReceivedCall>;
  /** Overrides the reply for one method. */
  respond(method: string, responder: Responder): void;
  /** Call the charge point (server → CP). */
  call(identity: string, method: string, params: OcppParams): Promise<unknown>;
  /** Drop a charge point's socket without a close handshake. */
  drop(identity: string): Promise<void>;
  close(): Promise<void>;
}

export function notImplemented(): never {
  throw createRPCError('NotImplemented', 'not implemented by this central system') as Error;
}

interface ServerClient {
  identity: string;
  handle(
    handler: (o: { method?: string; params?: Record<string, unknown> }) => Promise<Record<string, unknown>>,
  ): void;
  call(method: string, params: unknown): Promise<unknown>;
  close(o: { force?: boolean }): Promise<unknown>;
}

export async function startOcppTestServer(options: { password?: string } = {}): Promise<OcppTestServer> {
  const calls = eventLog<ReceivedCall>();
  let transactionId = 0;
  const responders = new Map<string, Responder>([
    ['BootNotification', () => ({ status: 'Accepted', currentTime: new Date().toISOString(), interval: 1 })],
    ['Heartbeat', () => ({ currentTime: new Date().toISOString() })],
    ['Authorize', () => ({ idTagInfo: { status: 'Accepted' } })],
    ['StartTransaction', () => ({ idTagInfo: { status: 'Accepted' }, transactionId: ++transactionId })],
    ['StopTransaction', () => ({ idTagInfo: { status: 'Accepted' } })],
  ]);
  const clients = new Map<string, ServerClient>();
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true });
  server.auth((accept, reject, handshake) => {
    const given = handshake.password?.toString('utf8');
    if (options.password !== undefined && given !== options.password) reject(401, 'Unauthorized');
    else accept({});
  });
  server.on('client', (client: ServerClient) => {
    clients.set(client.identity, client);
    client.handle(({ method = '', params = {} }) => {
      const call = { identity: client.identity, method, params };
      calls.push(call);
      return Promise.resolve(responders.get(method)?.(call) ?? {});
    });
  });
  const http = await server.listen(0, '127.0.0.1');
  const { port } = http.address() as AddressInfo;
  const connected = (identity: string): ServerClient => {
    const c = clients.get(identity);
    if (!c) throw new Error(`${identity} is not connected`);
    return c;
  };
  return {
    endpoint: `ws://127.0.0.1:${port}/ocpp`,
    calls,
    respond: (method, responder) => responders.set(method, responder),
    call: (identity, method, params) => connected(identity).call(method, params),
    drop: async (identity) => {
      await connected(identity).close({ force: true });
    },
    close: () => server.close({ force: true }),
  };
}
