// Typed adapter over ocpp-rpc (its .d.ts is loose under strict TS): the few shapes we rely on.
import ocppRpc from 'ocpp-rpc';
import type { IncomingMessage, Server } from 'node:http';
import type { StrictModeValidator } from './ocpp16-validator';

export interface Handshake {
  identity: string;
  endpoint: string;
  password: Buffer | undefined;
  remoteAddress: string | undefined;
  request: IncomingMessage;
}

export interface CallContext<P> {
  params: P;
  messageId: string;
  method: string;
}

export interface ServerClient {
  readonly identity: string;
  /** The negotiated subprotocol; undefined when the client offered none the server speaks. */
  readonly protocol: string | undefined;
  handle<P>(method: string, handler: (ctx: CallContext<P>) => Promise<object>): void;
  handle(handler: (ctx: CallContext<unknown>) => Promise<object>): void;
  call(method: string, params: object, options?: { callTimeoutMs?: number }): Promise<unknown>;
  close(options?: {
    code?: number;
    reason?: string;
    awaitPending?: boolean;
    force?: boolean;
  }): Promise<unknown>;
  on(event: 'close', listener: (e: { code: number; reason: string }) => void): void;
  on(event: 'badMessage', listener: (e: { buffer: Buffer; error: Error; response: unknown }) => void): void;
  on(
    event: 'strictValidationFailure',
    listener: (e: { error: Error; method: string; isCall: boolean }) => void,
  ): void;
}

export interface RpcServer {
  auth(
    cb: (
      accept: (session?: Record<string, unknown>, protocol?: string) => void,
      reject: (code: number, message: string) => void,
      handshake: Handshake,
    ) => void,
  ): void;
  on(event: 'client', listener: (client: ServerClient) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  listen(port: number, host: string): Promise<Server>;
  close(options: { code?: number; reason?: string; force?: boolean }): Promise<void>;
}

export interface RpcServerOptions {
  protocols: string[];
  strictMode: boolean;
  /** Replace ocpp-rpc's validator for a subprotocol (matched by its `subprotocol`). */
  strictModeValidators?: StrictModeValidator[];
  maxBadMessages: number;
  /** Options of the underlying ws server (e.g. maxPayload: larger frames close the socket with 1009). */
  wssOptions?: { maxPayload?: number };
  pingIntervalMs: number;
  callTimeoutMs: number;
}

export function createRpcServer(options: RpcServerOptions): RpcServer {
  // ocpp-rpc types a validator as its own class; it only calls `subprotocol` and `validate`.
  return new ocppRpc.RPCServer(options as unknown as ConstructorParameters<typeof ocppRpc.RPCServer>[0]);
}

export const createRpcError = ocppRpc.createRPCError as (
  type: string,
  message?: string,
  details?: object,
) => Error;
