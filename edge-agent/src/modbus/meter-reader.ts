// Polls the external meter (§7.4) over Modbus TCP and reports readings or why there is none.
// A long-running loop: every failure becomes a `{ connected: false, reason }` status, never a throw.
import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import jsmodbus, { type ModbusTCPClient } from 'jsmodbus';
import { decodeValue, planReads, type ReadBlock } from './codec';
import {
  toReading,
  type MeterFaultReason,
  type MeterReading,
  type MeterStatus,
  type ScaledValues,
} from './reading';
import { mapEntries, type MeterQuantity, type RegisterMap, type RegisterSpec } from './register-maps';

// jsmodbus is CommonJS: Node's ESM loader exposes it as a default export only.
const { ModbusTCPClient: ModbusTCPClientClass, errors: modbusErrors } = jsmodbus;

export interface MeterReaderOptions {
  readonly host: string;
  readonly port: number;
  readonly unitId?: number;
  readonly map: RegisterMap;
  readonly pollIntervalMs: number;
  /** Per request and per connect attempt. */
  readonly timeoutMs: number;
  /** Reconnect delays: initialMs × factor^(n-1), capped at maxMs. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number; readonly factor?: number };
  readonly onStatus: (status: MeterStatus) => void;
  readonly clock?: () => Date;
}

export interface MeterReader {
  /** The last status reported, if any. */
  readonly lastStatus: MeterStatus | undefined;
  stop(): Promise<void>;
}

export class MeterReadError extends Error {
  override readonly name = 'MeterReadError';
  constructor(
    readonly reason: MeterFaultReason,
    message: string,
    readonly quantity?: MeterQuantity,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const DEFAULT_BACKOFF = { initialMs: 500, maxMs: 30_000, factor: 2 };

/** Faults after which the socket is still trustworthy (the meter answered, just not usefully). */
const KEEPS_CONNECTION: ReadonlySet<MeterFaultReason> = new Set(['exception_reply', 'invalid_value']);

export function backoffDelayMs(failures: number, b: MeterReaderOptions['backoff'] = DEFAULT_BACKOFF): number {
  const factor = b.factor ?? 2;
  return Math.min(b.maxMs, b.initialMs * factor ** Math.max(0, failures - 1));
}

export function startMeterReader(options: MeterReaderOptions): MeterReader {
  const abort = new AbortController();
  const clock = options.clock ?? (() => new Date());
  let lastStatus: MeterStatus | undefined;
  const report = (status: MeterStatus): void => {
    lastStatus = status;
    try {
      options.onStatus(status);
    } catch {
      // A faulty listener must not stop the meter loop.
    }
  };
  const reportFault = (err: unknown): MeterFaultReason => {
    const fault = asMeterReadError(err);
    const quantity = fault.quantity ? { quantity: fault.quantity } : {};
    report({ connected: false, at: clock(), reason: fault.reason, detail: fault.message, ...quantity });
    return fault.reason;
  };
  const loop = runMeterLoop({ options, clock, signal: abort.signal, report, reportFault }).catch(reportFault);
  return {
    get lastStatus() {
      return lastStatus;
    },
    async stop() {
      abort.abort();
      await loop;
    },
  };
}

interface LoopContext {
  readonly options: MeterReaderOptions;
  readonly clock: () => Date;
  readonly signal: AbortSignal;
  report(status: MeterStatus): void;
  reportFault(err: unknown): MeterFaultReason;
}

/** Connect, poll until a fault that needs a new connection, back off, repeat — until stopped. */
async function runMeterLoop(ctx: LoopContext): Promise<void> {
  const { options, signal } = ctx;
  const blocks = planReads(options.map);
  const specs = new Map<MeterQuantity, RegisterSpec>(mapEntries(options.map));
  let failures = 0;
  while (!signal.aborted) {
    let connection: { socket: Socket; client: ModbusTCPClient };
    try {
      connection = await openConnection(options, signal);
    } catch (err) {
      if (signal.aborted) return;
      ctx.reportFault(err);
      await pause(backoffDelayMs(++failures, options.backoff), signal);
      continue;
    }
    const destroy = (): void => {
      connection.socket.destroy();
    };
    signal.addEventListener('abort', destroy, { once: true });
    try {
      while (!signal.aborted) {
        try {
          ctx.report(await pollOnce(connection.client, blocks, specs, options.map, ctx.clock));
          failures = 0;
        } catch (err) {
          if (signal.aborted) return;
          if (!KEEPS_CONNECTION.has(ctx.reportFault(err))) break;
        }
        await pause(options.pollIntervalMs, signal);
      }
    } finally {
      signal.removeEventListener('abort', destroy);
      destroy();
    }
    await pause(backoffDelayMs(++failures, options.backoff), signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch(() => undefined);
}

function openConnection(
  o: MeterReaderOptions,
  signal: AbortSignal,
): Promise<{ socket: Socket; client: ModbusTCPClient }> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    // The client must see the socket's 'connect' event, so it is created first.
    const client = new ModbusTCPClientClass(socket, o.unitId ?? 1, o.timeoutMs);
    const fail = (message: string, cause?: unknown): void => {
      settle();
      socket.destroy();
      reject(new MeterReadError('connect_failed', `${o.host}:${o.port}: ${message}`, undefined, { cause }));
    };
    const onAbort = (): void => fail('reader stopped');
    const timer = setTimeout(() => fail(`no connection within ${o.timeoutMs} ms`), o.timeoutMs);
    const settle = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    // Stays attached for the socket's life: a socket 'error' without a listener would crash the process.
    socket.on('error', (err) => fail(err.message, err));
    socket.once('connect', () => {
      settle();
      resolve({ socket, client });
    });
    signal.addEventListener('abort', onAbort, { once: true });
    socket.connect({ host: o.host, port: o.port });
  });
}

async function pollOnce(
  client: ModbusTCPClient,
  blocks: readonly ReadBlock[],
  specs: ReadonlyMap<MeterQuantity, RegisterSpec>,
  map: RegisterMap,
  clock: () => Date,
): Promise<MeterReading> {
  const raw: ScaledValues = {};
  for (const block of blocks) {
    const registers = await readBlock(client, block);
    for (const { quantity, offset } of block.quantities) {
      const spec = specs.get(quantity);
      if (spec) raw[quantity] = decodeValue(registers, offset, spec.datatype, spec.wordOrder);
    }
  }
  const check = toReading(map, raw, clock());
  if (!check.ok) throw new MeterReadError('invalid_value', check.detail, check.quantity);
  return check.reading;
}

async function readBlock(client: ModbusTCPClient, block: ReadBlock): Promise<Buffer> {
  let registers: Buffer;
  try {
    const { response } =
      block.functionCode === 3
        ? await client.readHoldingRegisters(block.start, block.count)
        : await client.readInputRegisters(block.start, block.count);
    registers = response.body.valuesAsBuffer;
  } catch (err) {
    throw asMeterReadError(err);
  }
  if (registers.length !== block.count * 2) {
    throw new MeterReadError(
      'protocol_error',
      `asked for ${block.count} registers at ${block.start}, got ${registers.length / 2}`,
    );
  }
  return registers;
}

function asMeterReadError(err: unknown): MeterReadError {
  if (err instanceof MeterReadError) return err;
  if (modbusErrors.isUserRequestError(err)) {
    const reason: MeterFaultReason =
      err.err === 'Timeout'
        ? 'timeout'
        : err.err === 'ModbusException'
          ? 'exception_reply'
          : err.err === 'Offline'
            ? 'connection_closed'
            : 'protocol_error';
    return new MeterReadError(reason, err.message, undefined, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new MeterReadError('protocol_error', message, undefined, { cause: err });
}
