// The physics and state of the ECU's connector: EV session, offered current (rated ∩ DLM master ∩
// charging profiles), EV draw per grid phase after the phase rotation (§3), energy and OCPP status.
import { ChargingProfiles } from './ecu-config';
import { NO_CURRENT, onPhases, type GridCurrents, type MeterSample } from './ecu-payloads';
import {
  evDrawA,
  loadedGridPhases,
  MIN_CHARGING_CURRENT_A,
  type EvProfile,
  type PhaseConnection,
  type PhaseRotation,
} from './ev';
import type { Random } from './random';

export type ConnectorStatus =
  'Available' | 'Preparing' | 'Charging' | 'SuspendedEVSE' | 'SuspendedEV' | 'Finishing';

export interface Session {
  readonly ev: EvProfile;
  readonly pluggedInAt: Date;
  stateOfCharge: number;
  transactionId?: number;
  /** false when the central system refused the idTag. */
  authorised: boolean;
}

export interface ConnectorWiring {
  readonly phaseConnection: PhaseConnection;
  readonly phaseRotation: PhaseRotation;
  readonly ratedCurrentA: number;
  readonly random: Random;
  /** Simulated seconds per real second for energy and state of charge. */
  readonly timeScale: number;
}

const VOLTAGE_V = 230;

/**
 * The most the ECU ever offers (A): its rated current, capped by its 'Operator Current Limit' (§7.4:
 * the operator's per-charge-point cap, which the ECU holds whatever its DLM master assigns).
 */
export function ecuCapA(ratedCurrentA: number, operatorCurrentLimitA: number | undefined): number {
  return operatorCurrentLimitA === undefined ? ratedCurrentA : Math.min(ratedCurrentA, operatorCurrentLimitA);
}

export class ConnectorModel {
  readonly profiles = new ChargingProfiles();
  status: ConnectorStatus = 'Available';
  session: Session | undefined;
  energyWh: number;
  private masterOfferedA: number;
  private drawA = 0;
  private lastIntegratedAt = Date.now();

  constructor(
    private readonly w: ConnectorWiring,
    private readonly onStatus: (status: ConnectorStatus) => void,
  ) {
    this.masterOfferedA = w.ratedCurrentA;
    this.energyWh = Math.round(w.random() * 5_000_000);
  }

  offeredA(): number {
    const cap = this.profiles.limitA() ?? Number.POSITIVE_INFINITY;
    return Math.floor(Math.min(this.w.ratedCurrentA, this.masterOfferedA, cap));
  }

  gridCurrents(): GridCurrents {
    const s = this.session;
    if (!s || this.drawA === 0) return NO_CURRENT;
    return onPhases(loadedGridPhases(this.w.phaseRotation, this.w.phaseConnection, s.ev.phases), this.drawA);
  }

  setMasterOffered(amps: number): void {
    this.masterOfferedA = Math.max(0, amps);
    this.updateCharging();
  }

  plug(ev: EvProfile): Session {
    if (this.session) throw new Error('an EV is already plugged in');
    this.integrate();
    this.session = { ev, pluggedInAt: new Date(), stateOfCharge: ev.stateOfCharge, authorised: true };
    this.setStatus('Preparing');
    return this.session;
  }

  /** Stops the draw; the caller ends the transaction, then calls `unplugged()`. */
  finishing(): void {
    this.integrate();
    this.drawA = 0;
    if (this.status !== 'Preparing') this.setStatus('Finishing');
  }

  unplugged(): void {
    this.session = undefined;
    this.profiles.endTransaction();
    this.setStatus('Available');
  }

  /** New draw from the offered current and state of charge; status follows (SuspendedEVSE below 6 A). */
  updateCharging(): void {
    const s = this.session;
    if (!s) return;
    this.integrate();
    if (!s.authorised || this.status === 'Finishing') return;
    const offered = this.offeredA();
    this.drawA = evDrawA(s.ev, s.stateOfCharge, offered, this.w.random);
    if (offered < MIN_CHARGING_CURRENT_A) this.setStatus('SuspendedEVSE');
    else if (this.drawA === 0) this.setStatus('SuspendedEV');
    else this.setStatus('Charging');
  }

  /** A meter sample now (the offered current is reported on every phase the CP is connected to). */
  sample(): MeterSample {
    this.updateCharging();
    const s = this.session;
    const connected = loadedGridPhases(this.w.phaseRotation, this.w.phaseConnection, 3);
    const importA = this.gridCurrents();
    return {
      at: new Date(),
      ...(s?.transactionId !== undefined ? { transactionId: s.transactionId } : {}),
      importA,
      offeredA: onPhases(connected, s ? this.offeredA() : 0),
      powerW: (importA.L1 + importA.L2 + importA.L3) * VOLTAGE_V,
      energyWh: this.energyWh,
    };
  }

  /** Adds the energy drawn since the last call, at the current draw. */
  private integrate(): void {
    const now = Date.now();
    const hours = ((now - this.lastIntegratedAt) / 3_600_000) * this.w.timeScale;
    this.lastIntegratedAt = now;
    const g = this.gridCurrents();
    const wh = (g.L1 + g.L2 + g.L3) * VOLTAGE_V * hours;
    this.energyWh += wh;
    if (this.session) {
      this.session.stateOfCharge = Math.min(1, this.session.stateOfCharge + wh / this.session.ev.batteryWh);
    }
  }

  private setStatus(status: ConnectorStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.onStatus(status);
  }
}
