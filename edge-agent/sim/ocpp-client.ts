// A small typed adapter over ocpp-rpc's RPCClient (its .d.ts is loose under strict TS): OCPP-J 1.6,
// strict schema validation both ways, HTTP Basic auth, ocpp-rpc's own reconnect with backoff.
import ocppRpc from 'ocpp-rpc';

// ocpp-rpc is CommonJS: take its classes off the default export (as edge-agent/src/ocpp/rpc.ts does).
const { RPCClient } = ocppRpc;

export interface OcppClientOptions {
  /** e.g. ws://127.0.0.1:9000/ocpp — the identity is appended as the last path segment. */
  readonly endpoint: string;
  readonly identity: string;
  readonly password?: string;
  readonly callTimeoutMs?: number;
  /** Reconnect backoff after a dropped socket (ms). */
  readonly backoff?: { readonly initialDelayMs: number; readonly maxDelayMs: number };
}

export type OcppParams = Record<string, unknown>;
/** Handlers get the (schema-validated) params and return the reply payload. */
export type OcppHandler = (params: OcppParams) => Promise<OcppParams>;

export interface OcppClient {
  /** Resolves once connected; rejects if the first attempt fails ('close' is emitted too). */
  connect(): Promise<void>;
  call(method: string, params: OcppParams): Promise<OcppParams>;
  handle(method: string, handler: OcppHandler): void;
  /** 'open': every (re)connect; 'disconnect': socket dropped; 'close': client closed for good. */
  on(event: 'open' | 'disconnect' | 'close', listener: () => void): void;
  readonly isOpen: boolean;
  close(options?: { readonly force?: boolean }): Promise<void>;
}

type RpcClientOptions = ConstructorParameters<typeof RPCClient>[0];

const OPEN = 1;

export function createOcppClient(o: OcppClientOptions): OcppClient {
  const options: Partial<RpcClientOptions> = {
    endpoint: o.endpoint,
    identity: o.identity,
    password: o.password ?? null,
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: true,
    callTimeoutMs: o.callTimeoutMs ?? 30_000,
    pingIntervalMs: 30_000,
    backoff: {
      initialDelay: o.backoff?.initialDelayMs ?? 1_000,
      maxDelay: o.backoff?.maxDelayMs ?? 30_000,
      factor: 2,
      randomisationFactor: 0.25,
    },
  };
  // ocpp-rpc fills every option it is not given with its defaults; its typings demand them all.
  const client = new RPCClient(options as RpcClientOptions);
  // Socket errors also arrive as 'disconnect'/'close'; an unhandled 'error' event would crash the process.
  client.on('error', () => undefined);
  client.on('socketError', () => undefined);

  return {
    async connect() {
      await client.connect();
    },
    async call(method, params) {
      const result = await client.call(method, params);
      return isRecord(result) ? result : {};
    },
    handle(method, handler) {
      client.handle(method, async ({ params }) => handler(isRecord(params) ? params : {}));
    },
    on(event, listener) {
      client.on(event, listener);
    },
    get isOpen() {
      return client.state === OPEN;
    },
    async close({ force = false } = {}) {
      await client.close({ force, code: 1000, reason: 'simulator stopping' });
    },
  };
}

function isRecord(value: unknown): value is OcppParams {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The OCPP CALLERROR code of a failed call ('NotImplemented', …), if it was one. */
export function ocppErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('rpcErrorCode' in err)) return undefined;
  const code = (err as { rpcErrorCode?: unknown }).rpcErrorCode;
  return typeof code === 'string' ? code : undefined;
}
