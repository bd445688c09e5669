import type { Logger } from '@ampfleet/runtime/log';
import ocppRpc from 'ocpp-rpc';

// One charge point's connection to the upstream backend, as that charge point: an ocpp-rpc RPCClient
// (OCPP-J 1.6, strict schema validation both ways) to `<url>/<chargePointId>` with HTTP Basic auth.
// ocpp-rpc gives up when the *first* connect fails (e.g. the backend is down at start-up, or refuses
// the password), so the link runs its own reconnect loop with capped exponential backoff instead.

const { RPCClient } = ocppRpc;
type RpcClientOptions = ConstructorParameters<typeof RPCClient>[0];
const OPEN = 1;

export interface UpstreamLinkOptions {
  /** The backend's endpoint without the identity (ws:// or wss://). */
  readonly url: string;
  readonly chargePointId: string;
  /** Never logged. */
  readonly password: string;
  readonly backoff: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  /** TLS options for wss (ca, cert, key), passed to the WebSocket as they are. */
  readonly tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  readonly log: Logger;
}

export type UpstreamCallHandler = (call: { method: string; params: unknown }) => Promise<object>;

export interface UpstreamLink {
  readonly isOpen: boolean;
  /** Starts connecting (and reconnecting until closed). */
  start(): void;
  call(method: string, params: object, timeoutMs: number): Promise<unknown>;
  /** Handles the calls the backend sends to the charge point. */
  handle(handler: UpstreamCallHandler): void;
  onOpen(listener: () => void): void;
  close(): Promise<void>;
}

export function createUpstreamLink(o: UpstreamLinkOptions): UpstreamLink {
  const fields = { chargePointId: o.chargePointId, url: o.url };
  const options: Partial<RpcClientOptions> = {
    endpoint: o.url,
    identity: o.chargePointId,
    password: o.password,
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: false,
    pingIntervalMs: 30_000,
    ...(o.tls && { wsOpts: o.tls }),
  };
  // ocpp-rpc fills every option it is not given with its defaults; its typings demand them all.
  const client = new RPCClient(options as RpcClientOptions);
  // Socket errors also arrive as 'close'; an unhandled 'error' event would crash the agent.
  client.on('error', () => undefined);
  client.on('socketError', () => undefined);
  const openListeners: (() => void)[] = [];
  let stopped = false;
  let running: Promise<void> | undefined;
  const abort = new AbortController();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  const delay = (attempt: number): number => {
    const base = Math.min(o.backoff.maxDelayMs, o.backoff.initialDelayMs * 2 ** Math.min(attempt, 30));
    return base * (0.75 + Math.random() * 0.5);
  };

  async function run(): Promise<void> {
    let attempt = 0;
    while (!stopped) {
      try {
        await client.connect();
        attempt = 0;
        const closed = new Promise<{ code?: number }>((resolve) => client.once('close', resolve));
        o.log.info('upstream connected', fields);
        openListeners.forEach((l) => l());
        const { code } = await closed;
        if (!stopped) o.log.warn('upstream disconnected', { ...fields, code });
      } catch (err) {
        const status = (err as { code?: unknown }).code;
        if (status === 401 || status === 403)
          o.log.error('upstream refused the charge point credentials', { ...fields, status });
        else o.log.warn('upstream connection failed', { ...fields, error: (err as Error).message });
      }
      if (!stopped) await sleep(delay(attempt++));
    }
  }

  return {
    get isOpen() {
      return client.state === OPEN;
    },
    start() {
      running ??= run();
    },
    call: (method, params, timeoutMs) => client.call(method, params, { callTimeoutMs: timeoutMs }),
    handle(handler) {
      client.handle(({ method, params }) => handler({ method: method ?? '', params }));
    },
    onOpen(listener) {
      openListeners.push(listener);
    },
    async close() {
      stopped = true;
      abort.abort();
      await client.close({ code: 1001, reason: 'edge agent stopping', awaitPending: false });
      await running;
    },
  };
}
