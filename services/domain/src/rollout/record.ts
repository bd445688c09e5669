import type { RolloutError } from './apply';
import type { RolloutChange } from './change';
import type { EcuStep } from './ecu-steps';
import type { RolloutSiteState, RolloutStatus, StepOutcome } from './progress';

// What a rollout stores (table.ts: rollout, rollout site): written by the app's rollout use cases.

export interface RolloutRecord {
  rolloutId: string;
  createdAt: string;
  /** Author of every version the rollout saves (the creator's e-mail or key label). */
  createdBy: string;
  change: RolloutChange;
  /** Save & Restart parameters get a Reset after their ChangeConfiguration (never during a transaction). */
  restartConfirmed: boolean;
  /** Most sites with commands outstanding at once. */
  maxInFlight: number;
  status: RolloutStatus;
  siteCount: number;
  updatedAt: string;
}

/** A command the rollout sent for one ECU (its id is derived from rollout, site, ECU and key: a retry sends the same). */
export interface RolloutCommandRef {
  commandId: string;
  chargePointId: string;
  kind: 'changeConfiguration' | 'reset';
  param?: string;
  key?: string;
  value?: string;
}

export interface RolloutEcuResult {
  chargePointId: string;
  outcome: StepOutcome;
  /** Parameters to set by hand in the ECU's web interface (read-only over OCPP). */
  manual: string[];
  /** A Reset is due (Save & Restart) but waits: not confirmed, or a transaction is running. */
  restart?: 'sent' | 'notConfirmed' | 'waitingForTransaction';
  detail?: string;
}

export interface RolloutSiteRecord {
  index: number;
  siteId: string;
  state: RolloutSiteState;
  /** The desired-configuration version the rollout saved for this site. */
  version?: number;
  error?: RolloutError;
  steps?: EcuStep[];
  commands?: RolloutCommandRef[];
  ecus?: RolloutEcuResult[];
  startedAt?: string;
  finishedAt?: string;
}
