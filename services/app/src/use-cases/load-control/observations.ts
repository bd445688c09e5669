import type {
  ChargePointObservation,
  ConnectorRecord,
  ConnectorStatus,
  DlmNetworkRecord,
  NetworkObservation,
  PhaseVector,
} from '@ampfleet/domain';

// The controller's observations from the stored items: each DLM network's latest 'dlmState' and
// 'siteMeter' (with their times, so the controller can judge freshness), and for charge points without a
// DLM master their connectors' latest status and measured current.

const ACTIVE: ReadonlySet<ConnectorStatus> = new Set([
  'Preparing',
  'Charging',
  'SuspendedEV',
  'SuspendedEVSE',
  'Finishing',
]);

type Phases = { l1: number; l2: number; l3: number };
const vector = (p: Phases | undefined): PhaseVector => (p ? [p.l1, p.l2, p.l3] : [0, 0, 0]);

export function networkObservations(
  records: readonly DlmNetworkRecord[],
): Record<string, NetworkObservation> {
  const out: Record<string, NetworkObservation> = {};
  for (const r of records) {
    const state = r.state;
    if (state === undefined && r.meter === undefined) continue;
    out[r.networkId] = {
      at: r.stateAt ?? r.meterAt ?? new Date(0).toISOString(),
      drawnA: vector(state?.drawn),
      activeChargePoints:
        state?.chargePoints.filter((cp) => cp.status !== undefined && ACTIVE.has(cp.status)).length ?? 0,
      ...(r.meter !== undefined &&
        r.meterAt !== undefined && {
          meter: {
            at: r.meterAt,
            connected: r.meter.connected,
            ...(r.meter.currents !== undefined && { currentsA: vector(r.meter.currents) }),
          },
        }),
    };
  }
  return out;
}

export function chargePointObservations(
  connectors: readonly ConnectorRecord[],
): Record<string, ChargePointObservation> {
  const out: Record<string, ChargePointObservation> = {};
  for (const c of connectors) {
    if (c.connectorId === 0) continue;
    const drawn = vector(c.currentImport);
    const previous = out[c.chargePointId];
    out[c.chargePointId] = {
      at: c.meterAt ?? c.statusAt ?? new Date(0).toISOString(),
      drawnA: previous
        ? [previous.drawnA[0] + drawn[0], previous.drawnA[1] + drawn[1], previous.drawnA[2] + drawn[2]]
        : drawn,
      active: (previous?.active ?? false) || (c.status !== undefined && ACTIVE.has(c.status)),
    };
  }
  return out;
}
