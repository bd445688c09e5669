import type { Logger } from '@ampfleet/runtime/log';
import type { AddressInfo } from 'node:net';
import type { EdgeConfig } from '../config';
import { CredentialChecker } from './credentials';
import { createRpcServer, type ServerClient } from './rpc';
import { registerHandlers, type TelemetrySink } from './handlers';
import { closeWithoutSubprotocol, enforceOcpp16Framing } from './ocpp16-conformance';
import { ocpp16Validator } from './ocpp16-validator';
import { startUpstreamProxy } from './proxy/proxy';
import { registerTransactionHandlers } from './transaction-handlers';
import type { TransactionLedger } from './transaction-ledger';

// OCPP-J 1.6 central-system endpoint for the site's ECUs: ws://host:port/ocpp/<chargePointId>,
// HTTP Basic auth per charge point (security profile 1), strict schema validation of every call,
// CALLERRORs only from the 1.6 table (ocpp16-conformance.ts).

/** The only subprotocol spoken here (OCPP-J 1.6 §3.1.2). */
export const OCPP16_SUBPROTOCOL = 'ocpp1.6';

/** A client that sends this many non-conforming frames in a row is closed (RPC 1002), per ocpp-rpc. */
const MAX_BAD_MESSAGES = 20;
/**
 * Largest OCPP frame accepted (bytes). The biggest legitimate 1.6 messages (MeterValues with many
 * samples, GetConfiguration replies) stay far below; a larger frame closes the socket with 1009.
 */
export const MAX_FRAME_BYTES = 256 * 1024;

export interface CentralSystem {
  readonly port: number;
  connectedChargePoints(): string[];
  /** The connected charge point's client; in proxy mode, handlers registered on it are proxied too. */
  client(chargePointId: string): ServerClient | undefined;
  /** Proxy mode: calls of this charge point still waiting for the upstream (0 without a proxy). */
  upstreamQueueDepth(chargePointId: string): number;
  close(): Promise<void>;
}

export async function startCentralSystem(
  config: EdgeConfig,
  sink: TelemetrySink,
  log: Logger,
  /** Without a ledger, transaction calls are answered NotImplemented (tests of the bare endpoint). */
  options: {
    ledger?: TransactionLedger;
    /** A charge point's live connection came or went (the status file for `ampfleet-edge doctor`). */
    onConnectionChange?: (chargePointId: string, connected: boolean) => void;
  } = {},
): Promise<CentralSystem> {
  const server = createRpcServer({
    protocols: [OCPP16_SUBPROTOCOL],
    strictMode: true,
    strictModeValidators: [ocpp16Validator],
    maxBadMessages: MAX_BAD_MESSAGES,
    wssOptions: { maxPayload: MAX_FRAME_BYTES },
    pingIntervalMs: 30_000,
    callTimeoutMs: 30_000,
  });
  const credentials = new CredentialChecker(
    new Map(config.ocpp.chargePoints.map((cp) => [cp.id, cp.passwordHash])),
  );
  const clients = new Map<string, ServerClient>();
  // Proxy mode: every handler registered on a proxied charge point's client also forwards upstream.
  const proxy = config.ocpp.upstream ? await startUpstreamProxy(config, log) : undefined;

  server.auth((accept, reject, handshake) => {
    if (handshake.endpoint !== config.ocpp.path || !credentials.knows(handshake.identity)) {
      return reject(404, 'unknown charge point');
    }
    if (!handshake.password) return reject(401, 'basic auth required');
    credentials.check(handshake.identity, handshake.password).then(
      (ok) => (ok ? accept({ chargePointId: handshake.identity }) : reject(401, 'bad credentials')),
      () => reject(500, 'auth failed'),
    );
  });

  server.on('client', (socket) => {
    // §3.1.2: without an agreed subprotocol the handshake completes without Sec-WebSocket-Protocol and the
    // central system closes the connection at once — before it can answer a call or displace a live one.
    if (socket.protocol !== OCPP16_SUBPROTOCOL) {
      log.warn('ocpp connection without the ocpp1.6 subprotocol closed', { chargePointId: socket.identity });
      void closeWithoutSubprotocol(socket, 'OCPP-J 1.6 requires subprotocol ocpp1.6');
      return;
    }
    enforceOcpp16Framing(socket, {
      maxBadFrames: MAX_BAD_MESSAGES,
      onBadFrame: (reason) => log.warn('ocpp bad frame', { chargePointId: socket.identity, error: reason }),
    });
    const client = proxy ? proxy.wrap(socket) : socket;
    const id = client.identity;
    const previous = clients.get(id);
    clients.set(id, client);
    // A second socket for the same identity replaces the first (the ECU reconnected; the old one is a zombie).
    if (previous) {
      log.warn('ocpp connection replaced', { chargePointId: id });
      void previous.close({ code: 4000, reason: 'replaced by a new connection', awaitPending: false });
    }
    log.info('ocpp connected', { chargePointId: id });
    options.onConnectionChange?.(id, true);
    client.on('close', ({ code }) => {
      if (clients.get(id) === client) {
        clients.delete(id);
        options.onConnectionChange?.(id, false);
      }
      log.info('ocpp disconnected', { chargePointId: id, code });
    });
    client.on('badMessage', ({ error }) =>
      log.warn('ocpp bad frame', { chargePointId: id, error: error.message }),
    );
    client.on('strictValidationFailure', ({ error, method, isCall }) =>
      log.warn('ocpp schema violation', { chargePointId: id, method, inbound: isCall, error: error.message }),
    );
    registerHandlers(client, { heartbeatIntervalS: config.ocpp.heartbeatIntervalS, sink, log });
    if (options.ledger)
      registerTransactionHandlers(client, {
        siteId: config.siteId,
        ledger: options.ledger,
        authorization: config.ocpp.authorization,
        dataTransferVendorIds: config.ocpp.dataTransfer.vendorIds,
        sink,
        log,
      });
  });
  server.on('error', (err) => log.error('ocpp server error', { error: err.message }));

  const http = await server.listen(config.ocpp.port, config.ocpp.host).catch(async (err: unknown) => {
    await proxy?.close();
    throw err;
  });
  const port = (http.address() as AddressInfo).port;
  log.info('ocpp endpoint listening', {
    url: `ws://${config.ocpp.host}:${port}${config.ocpp.path}/<chargePointId>`,
  });
  return {
    port,
    connectedChargePoints: () => [...clients.keys()],
    client: (id) => clients.get(id),
    upstreamQueueDepth: (id) => proxy?.queueDepth(id) ?? 0,
    async close() {
      await server.close({ code: 1001, reason: 'edge agent stopping', force: true });
      await proxy?.close();
    },
  };
}
