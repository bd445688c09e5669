import { readFile } from 'node:fs/promises';
import type { Logger } from '@ampfleet/runtime/log';
import { upstreamQueueDir, type EdgeConfig, type UpstreamConfig } from '../../config';
import type { CallContext, ServerClient } from '../rpc';
import { Lane } from './lane';
import { isParams } from './transactions';
import { createUpstreamLink } from './upstream-link';
import { UpstreamStore } from './upstream-store';

// Proxy mode (`ocpp.upstream`): the agent stays the ECUs' central system (every call is still handled
// locally: journaled for the cloud mirror, answered locally) and additionally forwards each call of a
// proxied charge point to the upstream backend, relaying the upstream's reply when it comes in time.
// When the upstream is down or slow, the ECU gets the local answer and the call waits in a durable
// FIFO until the upstream is back (see lane.ts, transactions.ts and the README).

export interface UpstreamProxy {
  /**
   * The client the local handlers register on: each `handle(method, fn)` becomes "run fn (the local
   * answer), then forward upstream". Charge points not proxied get `client` back unchanged.
   */
  wrap(client: ServerClient): ServerClient;
  /** Calls waiting for the upstream, per charge point. */
  queueDepth(chargePointId: string): number;
  close(): Promise<void>;
}

export class UpstreamConfigError extends Error {
  override readonly name = 'UpstreamConfigError';
}

export async function startUpstreamProxy(config: EdgeConfig, log: Logger): Promise<UpstreamProxy> {
  const upstream = config.ocpp.upstream;
  if (!upstream) throw new UpstreamConfigError('ocpp.upstream: not configured');
  const passwords = await readPasswords(upstream);
  const tls = await readTls(upstream);
  const store = await UpstreamStore.open(upstreamQueueDir(config));
  const lanes = new Map<string, Lane>();
  for (const cp of upstream.chargePoints) {
    const password = passwords.get(cp.id) ?? '';
    lanes.set(
      cp.id,
      new Lane({
        chargePointId: cp.id,
        store,
        log,
        callTimeoutMs: upstream.callTimeoutMs,
        retryDelayMs: upstream.backoff.initialDelayMs,
        createLink: () =>
          createUpstreamLink({
            url: upstream.url,
            chargePointId: cp.id,
            password,
            backoff: upstream.backoff,
            ...(tls && { tls }),
            log,
          }),
      }),
    );
  }
  for (const cp of store.backlogged()) {
    const lane = lanes.get(cp);
    if (lane) {
      log.info('upstream queue pending', { chargePointId: cp, depth: store.depth(cp) });
      lane.resumeBacklog();
    } else log.warn('upstream queue kept for a charge point no longer proxied', { chargePointId: cp });
  }
  return {
    wrap(client) {
      const lane = lanes.get(client.identity);
      return lane ? proxied(client, lane) : client;
    },
    queueDepth: (cp) => store.depth(cp),
    async close() {
      await Promise.all([...lanes.values()].map((lane) => lane.close()));
      await store.close();
    },
  };
}

function proxied(client: ServerClient, lane: Lane): ServerClient {
  lane.attach(client);
  // Methods no local handler knows still reach the upstream (it is a transparent proxy).
  client.handle(({ method, params }) => lane.passThrough(method, isParams(params) ? params : {}));
  const handle = (
    methodOrHandler: string | ((ctx: CallContext<unknown>) => Promise<object>),
    handler?: (ctx: CallContext<unknown>) => Promise<object>,
  ): void => {
    if (typeof methodOrHandler !== 'string') {
      client.handle(async (ctx) => lane.relay(ctx.method, paramsOf(ctx), await methodOrHandler(ctx)));
      return;
    }
    if (!handler) return;
    client.handle(methodOrHandler, async (ctx: CallContext<unknown>) =>
      lane.relay(methodOrHandler, paramsOf(ctx), await handler(ctx)),
    );
  };
  return {
    identity: client.identity,
    protocol: client.protocol,
    handle,
    call: client.call.bind(client),
    close: client.close.bind(client),
    on: (event: never, listener: never) => client.on(event, listener),
  };
}

const paramsOf = (ctx: CallContext<unknown>): Record<string, unknown> =>
  isParams(ctx.params) ? ctx.params : {};

async function readPasswords(upstream: UpstreamConfig): Promise<Map<string, string>> {
  const passwords = new Map<string, string>();
  for (const [i, cp] of upstream.chargePoints.entries()) {
    const field = `ocpp.upstream.chargePoints.${i}`;
    if (cp.passwordEnv !== undefined) {
      const value = process.env[cp.passwordEnv];
      if (!value) throw new UpstreamConfigError(`${field}.passwordEnv: ${cp.passwordEnv} is not set`);
      passwords.set(cp.id, value);
      continue;
    }
    try {
      // A trailing newline (echo "…" > file) is not part of the password.
      passwords.set(cp.id, (await readFile(cp.passwordFile ?? '', 'utf8')).replace(/\r?\n$/, ''));
    } catch (cause) {
      throw new UpstreamConfigError(
        `${field}.passwordFile: cannot read ${cp.passwordFile}: ${(cause as Error).message}`,
        { cause },
      );
    }
    if (!passwords.get(cp.id)) throw new UpstreamConfigError(`${field}.passwordFile: file is empty`);
  }
  return passwords;
}

async function readTls(
  upstream: UpstreamConfig,
): Promise<{ ca?: Buffer; cert?: Buffer; key?: Buffer } | undefined> {
  if (!upstream.tls) return undefined;
  const tls: { ca?: Buffer; cert?: Buffer; key?: Buffer } = {};
  for (const [option, field] of [
    ['ca', 'caFile'],
    ['cert', 'certFile'],
    ['key', 'keyFile'],
  ] as const) {
    const file = upstream.tls[field];
    if (file === undefined) continue;
    try {
      tls[option] = await readFile(file);
    } catch (cause) {
      throw new UpstreamConfigError(
        `ocpp.upstream.tls.${field}: cannot read ${file}: ${(cause as Error).message}`,
        { cause },
      );
    }
  }
  return tls;
}
