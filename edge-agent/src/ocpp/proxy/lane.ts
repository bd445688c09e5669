import type { Logger } from '@ampfleet/runtime/log';
import { createRpcError, type ServerClient } from '../rpc';
import { isParams, relayedStart, toLocal, toUpstream } from './transactions';
import type { UpstreamLink } from './upstream-link';
import type { QueuedCall, UpstreamStore } from './upstream-store';

// One proxied charge point: its ECU connection (when there is one), its upstream link, and its FIFO
// of undelivered calls. Everything that reaches the upstream for this charge point goes through one
// exclusive section, in order: a direct forward, or the oldest queued entry. So while anything is
// queued, new calls queue behind it, and nothing overtakes.

/** Pointless to deliver late (the upstream's answer would come after the ECU stopped waiting). */
const NOT_QUEUED = new Set(['Heartbeat', 'Authorize']);
/** CALLERROR codes that a later retry may fix; every other CALLERROR is final. */
const RETRYABLE = new Set(['InternalError']);
/** Log the queue depth at 1 and at every multiple of this. */
const DEPTH_LOG_EVERY = 100;

type Params = Record<string, unknown>;

export interface LaneDeps {
  readonly chargePointId: string;
  readonly store: UpstreamStore;
  readonly log: Logger;
  readonly callTimeoutMs: number;
  readonly retryDelayMs: number;
  readonly createLink: () => UpstreamLink;
}

/** A CALLERROR a retry won't fix (schema violations, NotImplemented, …), as opposed to down/timeout. */
export function isFinalError(err: unknown): boolean {
  const code = (err as { rpcErrorCode?: unknown } | null)?.rpcErrorCode;
  return typeof code === 'string' && !RETRYABLE.has(code);
}

export class Lane {
  private ecu: ServerClient | undefined;
  private link: UpstreamLink | undefined;
  private lock: Promise<unknown> = Promise.resolve();
  private draining: Promise<void> | undefined;
  private closed = false;
  private readonly wake = new AbortController();

  constructor(private readonly deps: LaneDeps) {}

  private get cp(): string {
    return this.deps.chargePointId;
  }

  /** A new ECU connection (a later one replaces an earlier one). */
  attach(ecu: ServerClient): void {
    this.ecu = ecu;
    ecu.on('close', () => {
      if (this.ecu !== ecu) return;
      this.ecu = undefined;
      this.releaseLinkIfIdle();
    });
    this.ensureLink();
  }

  /** After a restart: a backlog is delivered even before the ECU reconnects. */
  resumeBacklog(): void {
    if (this.deps.store.depth(this.cp) > 0) this.ensureLink();
  }

  /** The answer for the ECU to a call a local handler answered with `local`. */
  relay(method: string, params: Params, local: object): Promise<object> {
    return this.exclusive(async () => {
      if (this.deps.store.depth(this.cp) === 0 && this.link?.isOpen) {
        const call: QueuedCall = { method, params, ...startId(method, local), queuedAt: now() };
        try {
          const reply = await this.deliver(call);
          return method === 'StartTransaction' ? relayedStart(reply, local) : (reply as object);
        } catch (err) {
          if (isFinalError(err)) {
            this.refused(method, err, 'answered locally');
            return local;
          }
          this.deps.log.warn('upstream call failed; answered locally', {
            chargePointId: this.cp,
            method,
            error: (err as Error).message,
          });
        }
      }
      if (!NOT_QUEUED.has(method)) await this.enqueue(method, params, local);
      return local;
    });
  }

  /** A call no local handler knows: forwarded when the upstream is reachable, else NotImplemented. */
  passThrough(method: string, params: Params): Promise<object> {
    return this.exclusive(async () => {
      if (this.deps.store.depth(this.cp) > 0 || !this.link?.isOpen)
        throw createRpcError('NotImplemented', `${method} is not handled while the upstream is unreachable`);
      const reply = await this.link.call(method, params, this.deps.callTimeoutMs);
      return isParams(reply) ? reply : {};
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake.abort();
    await this.link?.close();
    await this.draining;
    await this.lock;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async enqueue(method: string, params: Params, local: object): Promise<void> {
    const { store, log } = this.deps;
    await store.enqueue(this.cp, { method, params, ...startId(method, local), queuedAt: now() });
    const depth = store.depth(this.cp);
    if (depth === 1 || depth % DEPTH_LOG_EVERY === 0)
      log.info('upstream queue', { chargePointId: this.cp, depth });
    this.ensureLink();
    this.drainSoon();
  }

  /** Sends one call upstream (transactionId translated); for a Start, records the id pair. */
  private async deliver(call: QueuedCall, seq?: number): Promise<unknown> {
    const { store, log, callTimeoutMs } = this.deps;
    const link = this.link;
    if (!link?.isOpen) throw new Error('upstream not connected');
    const out = await toUpstream(call.method, call.params, (id) => store.upstreamTransactionId(this.cp, id));
    if (out.unmapped !== undefined)
      log.warn('upstream transaction id unknown; sent without translation', {
        chargePointId: this.cp,
        method: call.method,
        transactionId: out.unmapped,
      });
    const reply = await link.call(call.method, out.params, callTimeoutMs);
    const upstreamId = isParams(reply) ? reply.transactionId : undefined;
    const mapping =
      call.localTransactionId !== undefined && typeof upstreamId === 'number'
        ? { local: call.localTransactionId, upstream: upstreamId }
        : undefined;
    if (seq !== undefined) await store.delivered(this.cp, seq, mapping);
    else if (mapping) await store.mapTransaction(this.cp, mapping);
    return reply;
  }

  private drainSoon(): void {
    if (this.closed || this.draining || !this.link?.isOpen) return;
    this.draining = this.drain()
      .catch((err: Error) =>
        this.deps.log.error('upstream queue drain failed', { chargePointId: this.cp, error: err.message }),
      )
      .finally(() => {
        this.draining = undefined;
        this.releaseLinkIfIdle();
      });
  }

  private async drain(): Promise<void> {
    const { store, log } = this.deps;
    let delivered = 0;
    while (!this.closed && this.link?.isOpen && store.depth(this.cp) > 0) {
      const progressed = await this.exclusive(() => this.deliverOldest());
      if (progressed) delivered++;
      else await this.pause();
    }
    if (delivered > 0)
      log.info('upstream queue delivered', {
        chargePointId: this.cp,
        delivered,
        depth: store.depth(this.cp),
      });
  }

  private async deliverOldest(): Promise<boolean> {
    const entry = await this.deps.store.oldest(this.cp);
    if (!entry) return true;
    try {
      await this.deliver(entry.call, entry.seq);
      return true;
    } catch (err) {
      if (!isFinalError(err)) {
        this.deps.log.warn('upstream delivery failed; will retry', {
          chargePointId: this.cp,
          method: entry.call.method,
          error: (err as Error).message,
        });
        return false;
      }
      this.refused(entry.call.method, err, 'dropped from the upstream queue');
      await this.deps.store.delivered(this.cp, entry.seq);
      return true;
    }
  }

  private refused(method: string, err: unknown, outcome: string): void {
    this.deps.log.error(`upstream refused a call; ${outcome}`, {
      chargePointId: this.cp,
      method,
      code: (err as { rpcErrorCode?: string }).rpcErrorCode,
      error: (err as Error).message,
    });
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.deps.retryDelayMs);
      this.wake.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }

  private ensureLink(): void {
    if (this.closed || this.link) return;
    const link = this.deps.createLink();
    link.handle((call) => this.toEcu(call.method, isParams(call.params) ? call.params : {}));
    link.onOpen(() => this.drainSoon());
    this.link = link;
    link.start();
  }

  /** The upstream's link mirrors the ECU's presence, except while a backlog still has to be delivered. */
  private releaseLinkIfIdle(): void {
    if (this.ecu || this.draining || this.deps.store.depth(this.cp) > 0 || !this.link) return;
    const link = this.link;
    this.link = undefined;
    link.close().catch(() => undefined);
  }

  /** Upstream → charge point: relayed to the connected ECU, its answer (or CALLERROR) relayed back. */
  private async toEcu(method: string, params: Params): Promise<object> {
    const ecu = this.ecu;
    if (!ecu) throw createRpcError('GenericError', 'charge point offline');
    const { store, log } = this.deps;
    const inbound = await toLocal(method, params, (id) => store.localTransactionId(this.cp, id));
    if (inbound.unmapped !== undefined)
      log.warn('upstream transaction id unknown; relayed as is', {
        chargePointId: this.cp,
        method,
        transactionId: inbound.unmapped,
      });
    const reply = await ecu.call(method, inbound.params);
    return isParams(reply) ? reply : {};
  }
}

function startId(method: string, local: object): { localTransactionId?: number } {
  const id = (local as Params).transactionId;
  return method === 'StartTransaction' && typeof id === 'number' ? { localTransactionId: id } : {};
}

function now(): string {
  return new Date().toISOString();
}
