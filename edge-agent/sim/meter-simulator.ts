// Modbus-TCP simulator of the site's external meter (§7.4), serving one register map with
// household load + the EVs' load, with injectable faults for tests. Listens on 127.0.0.1 only.
import { createServer, type Server, type Socket } from 'node:net';
import type { PerPhaseAmps } from '@ampfleet/domain';
import jsmodbus, { type ModbusTCPRequest } from 'jsmodbus';
import { encodeValue, mapEntries, registerCount, type MeterQuantity, type RegisterMap } from '../src/modbus';
import { DEFAULT_HOUSEHOLD_PROFILE, householdCurrents, type HouseholdLoadProfile } from './household-load';
import type { Random } from './random';

// jsmodbus is CommonJS: Node's ESM loader exposes it as a default export only.
const { ModbusTCPServer, ModbusTCPResponse, requests, responses } = jsmodbus;

/** Per grid phase (A): the domain's one per-phase type. */
export type PhaseCurrentsA = PerPhaseAmps;

export type MeterFault =
  /** Every read gets a Modbus exception reply (default code 4, slave device failure). */
  | { readonly kind: 'exception'; readonly code?: 1 | 2 | 3 | 4 | 5 | 6 }
  /** One quantity reads as this value (NaN, negative, absurd) in the map's raw unit. */
  | { readonly kind: 'garbage'; readonly quantity: MeterQuantity; readonly value: number }
  /** Replies arrive after this delay. */
  | { readonly kind: 'slow'; readonly delayMs: number }
  /** Open connections are dropped and new ones closed at once. */
  | { readonly kind: 'disconnect' };

export interface MeterSimulatorOptions {
  readonly map: RegisterMap;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly random: Random;
  readonly clock?: () => Date;
  readonly household?: HouseholdLoadProfile;
  /** The EVs' load per grid phase (A), e.g. from the demo site. Meter location: including EVSE (§7.4.2). */
  readonly evLoad?: () => PhaseCurrentsA;
  readonly initialEnergyWh?: number;
  /** How long one measurement stays in the registers (ms of real time), like a real meter's update cycle. */
  readonly updatePeriodMs?: number;
}

/** What the meter measures, in reading units (V, A, W, Wh, Hz). */
export type MeterValues = Readonly<Record<MeterQuantity, number>>;

export interface MeterSimulator {
  readonly port: number;
  setFault(fault: MeterFault | null): void;
  /** The values served now (a fresh measurement once per update period). */
  measure(): MeterValues;
  stop(): Promise<void>;
}

const NOMINAL_VOLTAGE_V = 230;
const POWER_FACTOR = 0.97;

export async function startMeterSimulator(o: MeterSimulatorOptions): Promise<MeterSimulator> {
  const clock = o.clock ?? (() => new Date());
  const meter = createMeasurement(o, clock);
  let fault: MeterFault | null = null;
  const sockets = new Set<Socket>();
  const net: Server = createServer();
  net.on('connection', (socket) => {
    socket.on('error', () => undefined);
    if (fault?.kind === 'disconnect') socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Without register buffers jsmodbus hands every read to our handlers (full control over replies).
  const modbus = new ModbusTCPServer(net, { holding: undefined, input: undefined });
  const serve = (request: unknown, cb: (payload: Buffer) => void): void => {
    const payload = replyTo(request as ModbusTCPRequest, o.map, meter.measure, fault);
    if (!payload) return;
    if (fault?.kind === 'slow') setTimeout(() => cb(payload), fault.delayMs).unref();
    else cb(payload);
  };
  modbus.on('readHoldingRegisters', serve);
  modbus.on('readInputRegisters', serve);

  await new Promise<void>((resolve, reject) => {
    net.once('error', reject);
    net.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = net.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    setFault(next) {
      fault = next;
      if (next?.kind === 'disconnect') for (const s of sockets) s.destroy();
    },
    measure: meter.measure,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => net.close(() => resolve()));
    },
  };
}

function createMeasurement(o: MeterSimulatorOptions, clock: () => Date): { measure: () => MeterValues } {
  let energyWh = o.initialEnergyWh ?? 1_250_000;
  let lastAt = clock().getTime();
  let cached: { values: MeterValues; sampledAt: number } | undefined;
  const measure = (): MeterValues => {
    const now = performance.now();
    if (cached && now - cached.sampledAt < (o.updatePeriodMs ?? 200)) return cached.values;
    cached = { values: sample(), sampledAt: now };
    return cached.values;
  };
  const sample = (): MeterValues => {
    const at = clock();
    const house = householdCurrents(at, o.random, o.household ?? DEFAULT_HOUSEHOLD_PROFILE);
    const ev = o.evLoad?.() ?? { l1: 0, l2: 0, l3: 0 };
    const currents = [house[0] + ev.l1, house[1] + ev.l2, house[2] + ev.l3] as const;
    const voltages = currents.map(() => NOMINAL_VOLTAGE_V + 4 * (o.random() - 0.5));
    const powers = currents.map((a, i) => a * (voltages[i] ?? NOMINAL_VOLTAGE_V) * POWER_FACTOR);
    const total = powers.reduce((s, w) => s + w, 0);
    const elapsedH = Math.max(0, at.getTime() - lastAt) / 3_600_000;
    lastAt = Math.max(lastAt, at.getTime());
    energyWh += Math.max(0, total) * elapsedH;
    return {
      voltageL1: voltages[0] ?? 0,
      voltageL2: voltages[1] ?? 0,
      voltageL3: voltages[2] ?? 0,
      currentL1: currents[0],
      currentL2: currents[1],
      currentL3: currents[2],
      activePowerL1: powers[0] ?? 0,
      activePowerL2: powers[1] ?? 0,
      activePowerL3: powers[2] ?? 0,
      activePowerTotal: total,
      energyImport: energyWh,
      frequency: 50 + 0.04 * (o.random() - 0.5),
    };
  };
  return { measure };
}

/** The reply frame for one read request, or undefined for requests we do not serve. */
function replyTo(
  request: ModbusTCPRequest,
  map: RegisterMap,
  measure: () => MeterValues,
  fault: MeterFault | null,
): Buffer | undefined {
  const body = request.body;
  const isHolding = requests.isReadHoldingRegistersRequestBody(body);
  if (!isHolding && !requests.isReadInputRegistersRequestBody(body)) return undefined;
  if (fault?.kind === 'exception') {
    const exception = new responses.ExceptionResponseBody(body.fc, fault.code ?? 4);
    return ModbusTCPResponse.fromRequest(request, exception).createPayload();
  }
  const registers = registerImage(map, isHolding ? 3 : 4, body.start, body.count, measure(), fault);
  const reply = isHolding
    ? new responses.ReadHoldingRegistersResponseBody(registers.length, registers)
    : new responses.ReadInputRegistersResponseBody(registers.length, registers);
  return ModbusTCPResponse.fromRequest(request, reply).createPayload();
}

/** Registers [start, start+count) of one function code; undefined registers read as 0. */
function registerImage(
  map: RegisterMap,
  functionCode: 3 | 4,
  start: number,
  count: number,
  values: MeterValues,
  fault: MeterFault | null,
): Buffer {
  const image = Buffer.alloc(count * 2);
  for (const [quantity, spec] of mapEntries(map)) {
    if (spec.functionCode !== functionCode && map.alternateFunctionCode !== functionCode) continue;
    const offset = spec.address - start;
    if (offset < 0 || offset + registerCount(spec.datatype) > count) continue;
    const raw =
      fault?.kind === 'garbage' && fault.quantity === quantity ? fault.value : values[quantity] / spec.scale;
    encodeValue(raw, spec.datatype, spec.wordOrder).copy(image, offset * 2);
  }
  return image;
}
