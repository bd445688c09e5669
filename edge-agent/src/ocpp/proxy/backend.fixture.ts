// Test fixture (not production code): a third-party OCPP-J 1.6 backend for the proxy's tests — a real
// ocpp-rpc RPCServer on 127.0.0.1 with HTTP Basic auth, stoppable and restartable on the same port.
import type { AddressInfo } from 'node:net';
import ocppRpc from 'ocpp-rpc';
import type { OcppParams } from '../../../sim/ocpp-client';
import { eventLog, type EventLog } from '../../../sim/wait-for';

const { RPCServer, createRPCError } = ocppRpc;
export const UPSTREAM_PASSWORD = 'upstream-secret-1';

export interface UpstreamCall {
  readonly identity: string;
  readonly method: string;
  readonly params: OcppParams;
}

interface UpstreamClient {
  identity: string;
  handle(handler: (o: { method?: string; params?: OcppParams }) => Promise<OcppParams>): void;
  on(event: 'close', listener: () => void): void;
  call(method: string, params: unknown): Promise<unknown>;
}

/** The third-party backend: accepts only UPSTREAM_PASSWORD, numbers transactions from 9001. */
export class Upstream {
  readonly calls: EventLog<UpstreamCall> = eventLog();
  readonly connections: EventLog<string> = eventLog();
  readonly refused: EventLog<string> = eventLog();
  readonly disconnections: EventLog<string> = eventLog();
  /** Methods answered with a CALLERROR of the given code. */
  readonly failing = new Map<string, string>();
  private readonly clients = new Map<string, UpstreamClient>();
  private nextTransactionId = 9001;
  private server: InstanceType<typeof RPCServer> | undefined;
  port = 0;

  async start(): Promise<void> {
    const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true });
    server.auth((accept, reject, handshake) => {
      if (handshake.password?.toString('utf8') === UPSTREAM_PASSWORD) accept({});
      else {
        this.refused.push(handshake.identity);
        reject(401, 'Unauthorized');
      }
    });
    server.on('client', (client: UpstreamClient) => {
      this.clients.set(client.identity, client);
      this.connections.push(client.identity);
      client.on('close', () => this.disconnections.push(client.identity));
      client.handle(({ method = '', params = {} }) => {
        this.calls.push({ identity: client.identity, method, params });
        const failure = this.failing.get(method);
        if (failure) throw createRPCError(failure, 'the backend says no') as Error;
        return Promise.resolve(this.reply(method));
      });
    });
    const http = await server.listen(this.port, '127.0.0.1');
    this.port = (http.address() as AddressInfo).port;
    this.server = server;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/backend`;
  }

  call(identity: string, method: string, params: OcppParams): Promise<unknown> {
    const client = this.clients.get(identity);
    if (!client) throw new Error(`${identity} not connected upstream`);
    return client.call(method, params);
  }

  async stop(): Promise<void> {
    await this.server?.close({ force: true });
    this.clients.clear();
  }

  private reply(method: string): OcppParams {
    const now = new Date().toISOString();
    switch (method) {
      case 'BootNotification':
        return { status: 'Accepted', currentTime: now, interval: 77 };
      case 'Heartbeat':
        return { currentTime: now };
      case 'Authorize':
        return { idTagInfo: { status: 'Accepted', parentIdTag: 'UPSTREAM-GROUP' } };
      case 'StartTransaction':
        return {
          idTagInfo: { status: 'Accepted', parentIdTag: 'UPSTREAM-GROUP' },
          transactionId: this.nextTransactionId++,
        };
      case 'StopTransaction':
        return { idTagInfo: { status: 'Accepted' } };
      default:
        return {};
    }
  }
}
