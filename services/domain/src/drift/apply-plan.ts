import type { EcuParamKey } from '../config/catalog';
import { paramSpec } from '../config/catalog';
import type { ParamApply } from '../config/catalog-types';
import type { FirmwareVersion } from '../config/firmware';
import { ocppKeyOf, ocppKeyReadonly } from '../config/ocpp-configuration';
import type { Site } from '../config/site';
import type { SiteDriftReport } from './rollup';
import { REDACTED, renderValue } from './values';

// "Apply desired" (issue #12 point 4): a site's drift → per ECU the ChangeConfiguration commands that
// bring it to the desired values (OCPP key and value as the ECU's firmware names and shows them, from
// ocpp-keys.ts), which of them need 'Save & Restart' and so a Reset, and what cannot be sent over OCPP.
// Only drifted parameters are planned: a rename is not drift and a parameter the firmware lacks is
// 'not applicable' (diffConfig), so neither gets a command.

export interface PlannedChange {
  param: EcuParamKey;
  /** The OCPP configuration key on this ECU's firmware. */
  key: string;
  /** The parameter's name in this firmware's web interface. */
  name: string;
  /** The value to send, as the firmware expects it (a secret in clear: never stored in a view). */
  value: string;
  /** What people see: the value, or the mask for a secret. */
  display: string;
  apply: ParamApply;
  secret: boolean;
}

/** Drifted but not sendable over OCPP: set it in the ECU's web interface (or give the secret). */
export interface UnsendableChange {
  param: EcuParamKey;
  name: string;
  reason: 'readOnly' | 'secretNotHeld' | 'unknownFirmware';
}

export interface EcuApplyPlan {
  stationId: string;
  chargePointId: string;
  firmware: string;
  changes: PlannedChange[];
  unsendable: UnsendableChange[];
  /** Some change is 'Save & Restart': it takes effect only after a Reset. */
  needsReset: boolean;
}

export interface PlanOptions {
  /** Only these ECUs (default: every drifted ECU of the site). */
  chargePointIds?: readonly string[];
}

/**
 * The commands that apply the desired configuration to every drifted ECU of the site. `desired` is the
 * whole site WITH its secrets (a secret is sent only when desired holds one); `drift` is siteDrift of
 * the same site. ECUs without drift (or unreported) get no plan.
 */
export function planDriftApply(
  desired: Site,
  drift: SiteDriftReport,
  options: PlanOptions = {},
): EcuApplyPlan[] {
  const wanted = options.chargePointIds && new Set(options.chargePointIds);
  const desiredByCp = new Map(
    desired.stations.flatMap((station) =>
      station.ecus.map((ecu) => [ecu.chargePointId, ecu.config] as const),
    ),
  );
  const plans: EcuApplyPlan[] = [];
  for (const report of drift.ecus) {
    if (wanted && !wanted.has(report.chargePointId)) continue;
    const entries = report.drift?.drifted ?? [];
    if (entries.length === 0) continue;
    const version = report.drift?.firmware;
    const config = desiredByCp.get(report.chargePointId) ?? {};
    const plan: EcuApplyPlan = {
      stationId: report.stationId,
      chargePointId: report.chargePointId,
      firmware: report.firmware,
      changes: [],
      unsendable: [],
      needsReset: false,
    };
    for (const entry of entries) {
      const change = version ? planChange(entry.key, config[entry.key], version) : 'unknownFirmware';
      if (typeof change === 'string')
        plan.unsendable.push({ param: entry.key, name: entry.name, reason: change });
      else plan.changes.push(change);
    }
    plan.needsReset = plan.changes.some((c) => c.apply === 'saveAndRestart');
    plans.push(plan);
  }
  return plans;
}

function planChange(
  param: EcuParamKey,
  value: unknown,
  version: FirmwareVersion,
): PlannedChange | UnsendableChange['reason'] {
  const spec = paramSpec(param);
  const key = ocppKeyOf(param, version);
  // diffConfig already calls a parameter the firmware lacks 'not applicable'; kept as a guard.
  if (key === undefined) return 'unknownFirmware';
  if (ocppKeyReadonly(param)) return 'readOnly';
  const secret = spec.secret === true;
  if (secret && (typeof value !== 'string' || value === '')) return 'secretNotHeld';
  if (value === undefined) return 'secretNotHeld';
  const rendered = secret
    ? (value as string)
    : renderValue(spec, value as Parameters<typeof renderValue>[1], version);
  return {
    param,
    key,
    name: spec.names[version] ?? param,
    value: rendered,
    display: secret ? REDACTED : rendered,
    apply: spec.apply,
    secret,
  };
}

/** Why Save & Restart changes of an ECU were held back instead of sent. */
export type HoldReason = 'restartNotConfirmed' | 'transactionRunning';

export interface EcuApplyDecision {
  send: PlannedChange[];
  held: PlannedChange[];
  holdReason?: HoldReason;
  /** Send a Reset once every sent change is answered. */
  reset: boolean;
}

/**
 * What to send now. Runtime changes always go; 'Save & Restart' changes go (with a Reset after them)
 * only when the user confirmed the restart, and never while a transaction runs on the ECU unless forced.
 */
export function decideEcuApply(
  plan: Pick<EcuApplyPlan, 'changes'>,
  options: { confirmRestart: boolean; force: boolean; transactionRunning: boolean },
): EcuApplyDecision {
  const runtime = plan.changes.filter((c) => c.apply === 'runtime');
  const restart = plan.changes.filter((c) => c.apply === 'saveAndRestart');
  if (restart.length === 0) return { send: runtime, held: [], reset: false };
  if (!options.confirmRestart)
    return { send: runtime, held: restart, holdReason: 'restartNotConfirmed', reset: false };
  if (options.transactionRunning && !options.force)
    return { send: runtime, held: restart, holdReason: 'transactionRunning', reset: false };
  return { send: plan.changes, held: [], reset: true };
}
