import type { EcuConfig } from './catalog';
import type { StationModel } from './hardware';
import type { PhaseRating, CpPhaseRotation, Site, Station, StationEcu } from './site';

// Builders for tests, fixtures and generators: each call gives a valid, audit-clean default so a test
// shows only what matters (STYLE habit 7).

export function phases(l1: number, l2: number = l1, l3: number = l1): PhaseRating {
  return { l1, l2, l3 };
}

/** The rotation one step on: R/S/T → S/T/R → T/R/S → R/S/T (the AMEDIO's 120° shifted right socket, §3.1). */
export function nextRotation(rotation: CpPhaseRotation): CpPhaseRotation {
  return rotation === 'RST' ? 'STR' : rotation === 'STR' ? 'TRS' : 'RST';
}

export interface EcuOptions {
  chargePointId: string;
  position?: StationEcu['position'];
  firmware?: string;
  rotation?: CpPhaseRotation;
  singlePhase?: boolean;
  config?: EcuConfig;
}

export function anEcu(options: EcuOptions): StationEcu {
  const rotation = options.rotation ?? 'RST';
  const singlePhase = options.singlePhase ?? false;
  return {
    chargePointId: options.chargePointId,
    position: options.position ?? 'single',
    firmware: options.firmware ?? '4.61-6000-a1b2c3d4e',
    ratedCurrentA: 32,
    wiring: { phases: singlePhase ? 'single' : 'three', rotation },
    config: {
      phaseConnection: singlePhase ? 'singlePhase' : 'threePhase',
      phaseRotation: rotation,
      ...options.config,
    },
  };
}

const stationBackend: EcuConfig = {
  networkMode: 'auto',
  connectionType: 'ethernet',
  ocppMode: 'ocppJ16',
  backendUrl: 'wss://backend.example.com/ocpp',
  wanRouter: false,
};

export interface StationOptions {
  id?: string;
  model?: StationModel;
  firmware?: string;
  lanId?: string;
  supplyLineId?: string;
  simCard?: boolean;
  /** AMTRON: the charge point's rotation; AMEDIO: the master's (the satellite is one step on). */
  rotation?: CpPhaseRotation;
  singlePhase?: boolean;
  config?: EcuConfig;
  satelliteConfig?: EcuConfig;
}

export function anAmtron(options: StationOptions = {}): Station {
  const id = options.id ?? 'amtron-1';
  return {
    id,
    model: options.model ?? 'AMTRON Professional+',
    lanId: options.lanId ?? 'lan-1',
    supplyLineId: options.supplyLineId ?? 'line-1',
    simCard: options.simCard ?? false,
    ecus: [
      anEcu({
        chargePointId: `${id}-cp1`,
        ...optionalFirmware(options.firmware),
        ...(options.rotation !== undefined && { rotation: options.rotation }),
        ...(options.singlePhase !== undefined && { singlePhase: options.singlePhase }),
        config: { ...stationBackend, ...options.config },
      }),
    ],
  };
}

export function anAmedio(options: StationOptions = {}): Station {
  const id = options.id ?? 'amedio-1';
  const singlePhase = options.singlePhase ?? false;
  const masterRotation = singlePhase ? 'RST' : (options.rotation ?? 'RST');
  const satelliteRotation = singlePhase ? 'RST' : nextRotation(masterRotation);
  const firmware = optionalFirmware(options.firmware);
  return {
    id,
    model: options.model ?? 'AMEDIO Professional+',
    lanId: options.lanId ?? 'lan-1',
    supplyLineId: options.supplyLineId ?? 'line-1',
    simCard: options.simCard ?? false,
    ecus: [
      anEcu({
        chargePointId: `${id}-cp1`,
        position: 'master',
        rotation: masterRotation,
        singlePhase,
        ...firmware,
        config: { ...stationBackend, ...options.config },
      }),
      anEcu({
        chargePointId: `${id}-cp2`,
        position: 'satellite',
        rotation: satelliteRotation,
        singlePhase,
        ...firmware,
        config: { ...options.satelliteConfig },
      }),
    ],
  };
}

function optionalFirmware(firmware: string | undefined): { firmware?: string } {
  return firmware === undefined ? {} : { firmware };
}

export type SiteOptions = Partial<Omit<Site, 'mainConnection'>> & { mainA?: number };

export function aSite(options: SiteOptions = {}): Site {
  const { mainA, ...rest } = options;
  return {
    id: 'site-1',
    name: 'Test site',
    mainConnection: { ratingA: phases(mainA ?? 250) },
    supplyLines: [{ id: 'line-1', ratingA: phases(250) }],
    lans: [{ id: 'lan-1', internet: true, routerDhcp: true }],
    stations: [anAmtron()],
    meters: [],
    tags: [],
    timeZone: 'Europe/Berlin',
    ...rest,
  };
}

/** A copy of the station with one ECU's configuration changed (by position index). */
export function withEcuConfig(station: Station, index: number, config: EcuConfig): Station {
  return {
    ...station,
    ecus: station.ecus.map((ecu, i) =>
      i === index ? { ...ecu, config: { ...ecu.config, ...config } } : ecu,
    ),
  };
}
