import { z } from 'zod';
import type { Site } from '../config/site';
import type { DlmStateTelemetry } from '../contracts/dlm';
import { IsoTime } from '../contracts/envelope';
import type { TwinFinding } from '../contracts/twin';
import type { DlmNetworkRecord } from '../fleet/records';
import { PHASE_KEYS, type PerPhaseAmps } from '../phases/per-phase';
import { siteDlmNetworks } from '../site/dlm-networks';
import { diagnoseNetwork, type ReportedDlmState } from './twin-diagnosis';
import { evStateOf, predictOffers, twinLiveState, withoutEv, type PluggedInAt } from './twin-offers';
import {
  DEFAULT_TWIN_WINDOW,
  findingsOf,
  NetworkWindow,
  stepWindow,
  type TwinWindowSettings,
} from './twin-window';

// One twin evaluation of a site (issue #13 point 3): on a DLM network's new state, run the allocation
// over the site's stored state with that state in it, store the predicted offer per charge point, and
// step the network's window with the diagnosis. The stored twin state (one item per site) is the only
// memory: plug-in times (FIFO), windows, the latest predictions.

const Prediction = z
  .object({
    networkId: z.string(),
    predictedA: z.number(),
    reportedOfferedA: z.number().optional(),
    at: IsoTime,
  })
  .strict();

export const TwinState = z
  .object({
    networks: z.record(z.string(), NetworkWindow),
    pluggedInAt: z.record(z.string(), IsoTime),
    predictions: z.record(z.string(), Prediction),
  })
  .strict();
export type TwinState = z.infer<typeof TwinState>;

export const EMPTY_TWIN_STATE: TwinState = { networks: {}, pluggedInAt: {}, predictions: {} };

/** What makes a DLM state a change the twin evaluates at once (not waiting for the sample period). */
export function twinChangeKey(state: ReportedDlmState): string {
  return JSON.stringify([
    state.chargePoints.map((c) => [c.id, c.status ?? null]),
    state.externalMeter.connected ?? null,
    state.externalMeter.usingFallback,
    state.externalMeter.mode,
    state.limits.subDistribution ?? null,
    state.limits.operator ?? null,
  ]);
}

/** Periodic evaluations come no faster than this share of the sample rate (timer jitter at the edge). */
const PERIOD_SLACK = 0.9;

export type TwinDue = 'due' | 'stale' | 'notDue';

/**
 * Whether a DLM state is evaluated: on a change at once, otherwise at the sample rate and no more
 * often; never a state older than (or as old as) the last evaluated one — so a redelivered or replayed
 * message changes nothing (idempotent), and states evaluate in their own time order.
 */
export function twinDue(window: NetworkWindow | undefined, state: ReportedDlmState): TwinDue {
  if (!window) return 'due';
  const elapsedMs = Date.parse(state.observedAt) - Date.parse(window.evaluatedAt);
  if (elapsedMs <= 0) return 'stale';
  if (twinChangeKey(state) !== window.changeKey) return 'due';
  return elapsedMs >= PERIOD_SLACK * state.sampleRateS * 1000 ? 'due' : 'notDue';
}

export interface TwinEvaluationInput {
  /** The desired configuration. */
  readonly site: Site;
  /** The site's stored DLM network items. */
  readonly records: readonly DlmNetworkRecord[];
  /** The DLM state that triggered the evaluation (it may not be stored yet: it wins over its record). */
  readonly message: DlmStateTelemetry;
  readonly previous: TwinState | undefined;
  /**
   * The Operator EVSE Sub-Distribution Limits the cloud's load control last commanded (A, by DLM
   * network id; the stored commanded limits). Where a master reports the commanded limit, the twin
   * expects it and predicts with it; absent, the configured limit is expected.
   */
  readonly commandedOperatorA?: Readonly<Record<string, number | undefined>>;
  readonly settings?: TwinWindowSettings;
}

export type TwinEvaluation =
  | { readonly kind: 'skipped'; readonly reason: Exclude<TwinDue, 'due'> | 'unknownNetwork' }
  | {
      readonly kind: 'evaluated';
      readonly state: TwinState;
      readonly raised: readonly string[];
      readonly cleared: readonly string[];
    };

function withMessage(records: readonly DlmNetworkRecord[], message: DlmStateTelemetry): DlmNetworkRecord[] {
  const { v: _v, messageId: _id, chargePointId, type: _type, networkId, observedAt, ...body } = message;
  const state = { ...body, observedAt };
  const stored = records.find((r) => r.networkId === networkId);
  const record: DlmNetworkRecord = stored
    ? { ...stored, state, stateAt: observedAt }
    : { orgId: '', siteId: '', networkId, masterChargePointId: chargePointId, state, stateAt: observedAt };
  return [...records.filter((r) => r.networkId !== networkId), record];
}

const phasesOf = (a: number): PerPhaseAmps => ({ l1: a, l2: a, l3: a });
const reportsAmps = (reported: PerPhaseAmps | undefined, a: number): boolean =>
  reported !== undefined && PHASE_KEYS.every((p) => Math.abs(reported[p] - a) < 0.5);

/**
 * The operator limit in force per network where its master reports the commanded one: the twin
 * predicts with it (a master that reports another limit keeps the configured one in the prediction, so
 * the gap is the master's, diagnosed as limitNotAsConfigured).
 */
function commandedInForce(
  records: readonly DlmNetworkRecord[],
  commanded: Readonly<Record<string, number | undefined>>,
): Record<string, PerPhaseAmps> {
  return Object.fromEntries(
    records.flatMap((r) => {
      const amps = commanded[r.networkId];
      return amps !== undefined && reportsAmps(r.state?.limits.operator, amps)
        ? [[r.networkId, phasesOf(amps)] as const]
        : [];
    }),
  );
}

/** Plug-in times: kept while the EV stays, set when the twin first sees it, dropped when it leaves. */
function pluggedIn(previous: PluggedInAt, message: DlmStateTelemetry): Record<string, string> {
  const next: Record<string, string> = { ...previous };
  for (const cp of message.chargePoints) {
    if (evStateOf(cp.status) === undefined) delete next[cp.id];
    else next[cp.id] ??= message.observedAt;
  }
  return next;
}

export function evaluateTwin(input: TwinEvaluationInput): TwinEvaluation {
  const { site, message } = input;
  const previous = input.previous ?? EMPTY_TWIN_STATE;
  const network = siteDlmNetworks(site).find((n) => n.id === message.networkId);
  if (!network) return { kind: 'skipped', reason: 'unknownNetwork' };
  const due = twinDue(previous.networks[message.networkId], message);
  if (due !== 'due') return { kind: 'skipped', reason: due };

  const at = message.observedAt;
  const pluggedInAt = pluggedIn(previous.pluggedInAt, message);
  const records = withMessage(input.records, message);
  const commanded = input.commandedOperatorA ?? {};
  const live = {
    ...twinLiveState(site, records, pluggedInAt, Date.parse(at)),
    operatorLimits: commandedInForce(records, commanded),
  };
  const predicted = predictOffers(site, live);
  const symptoms = diagnoseNetwork({
    configured: {
      networkId: network.id,
      masterChargePointId: network.master?.chargePointId,
      masterConfig: network.masterConfig,
      members: network.members,
      ...(commanded[network.id] !== undefined && { commandedOperatorA: commanded[network.id] }),
    },
    reported: message,
    predicted,
    previouslyPredicted: new Map(
      Object.entries(previous.predictions).flatMap(([id, p]) =>
        p.networkId === network.id ? [[id, p.predictedA] as const] : [],
      ),
    ),
    predictedWithout: (id) => predictOffers(site, withoutEv(live, id)),
  });
  const step = stepWindow(
    previous.networks[network.id],
    symptoms,
    { at, changeKey: twinChangeKey(message), sampleRateS: message.sampleRateS },
    input.settings ?? DEFAULT_TWIN_WINDOW,
  );
  const predictions: TwinState['predictions'] = Object.fromEntries(
    Object.entries(previous.predictions).filter(([, p]) => p.networkId !== network.id),
  );
  for (const member of network.members) {
    const id = member.chargePointId;
    const reported = message.chargePoints.find((c) => c.id === id);
    predictions[id] = {
      networkId: network.id,
      predictedA: predicted.get(id) ?? 0,
      ...(reported && {
        reportedOfferedA: Math.max(reported.offered.l1, reported.offered.l2, reported.offered.l3),
      }),
      at,
    };
  }
  return {
    kind: 'evaluated',
    state: {
      networks: { ...previous.networks, [network.id]: step.window },
      pluggedInAt,
      predictions,
    },
    raised: step.raised,
    cleared: step.cleared,
  };
}

/** Every raised finding of the site, by network then id. */
export function twinFindings(state: TwinState | undefined): TwinFinding[] {
  if (!state) return [];
  return Object.keys(state.networks)
    .sort()
    .flatMap((id) => {
      const w = state.networks[id];
      return w ? findingsOf(w).sort((a, b) => a.id.localeCompare(b.id)) : [];
    });
}
