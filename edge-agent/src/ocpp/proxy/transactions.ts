// Transaction ids across the proxy. The ECU only ever sees the agent's own (local) transactionId: a
// transaction started while the upstream is down is numbered locally at once and never needs
// renumbering on the ECU. The upstream only ever sees its own ids: the proxy learns the pair when the
// upstream answers the StartTransaction (at once, or later from the queue) and translates every
// transactionId crossing it. The queue is FIFO per charge point, so a Start reaches the upstream
// before the MeterValues and the Stop that refer to it.

type Params = Record<string, unknown>;
export type Lookup = (id: number) => Promise<number | undefined>;

/** ECU → upstream: the methods whose params carry the ECU's transactionId at the top level. */
const OUTBOUND_TRANSACTION_FIELD = new Set(['StopTransaction', 'MeterValues']);

export interface Translated {
  readonly params: Params;
  /** The local id that had no upstream id (the upstream never accepted the Start): worth a warning. */
  readonly unmapped?: number;
}

export async function toUpstream(method: string, params: Params, upstreamOf: Lookup): Promise<Translated> {
  const local = params.transactionId;
  if (!OUTBOUND_TRANSACTION_FIELD.has(method) || typeof local !== 'number') return { params };
  const upstream = await upstreamOf(local);
  if (upstream !== undefined) return { params: { ...params, transactionId: upstream } };
  if (method === 'MeterValues') {
    // transactionId is optional in MeterValues: better none than one the upstream would misattribute.
    const { transactionId: _dropped, ...rest } = params;
    return { params: rest, unmapped: local };
  }
  return { params, unmapped: local };
}

/** Upstream → ECU: RemoteStopTransaction and a TxProfile's transactionId name the upstream's id. */
export async function toLocal(method: string, params: Params, localOf: Lookup): Promise<Translated> {
  if (method === 'RemoteStopTransaction' && typeof params.transactionId === 'number') {
    const local = await localOf(params.transactionId);
    return local === undefined
      ? { params, unmapped: params.transactionId }
      : { params: { ...params, transactionId: local } };
  }
  const profile = params.csChargingProfiles;
  if (method === 'SetChargingProfile' && isParams(profile) && typeof profile.transactionId === 'number') {
    const local = await localOf(profile.transactionId);
    return local === undefined
      ? { params, unmapped: profile.transactionId }
      : { params: { ...params, csChargingProfiles: { ...profile, transactionId: local } } };
  }
  return { params };
}

/** The ECU's answer to a StartTransaction the upstream answered: its idTagInfo, our transactionId. */
export function relayedStart(upstreamReply: unknown, local: object): object {
  const localId = (local as Params).transactionId;
  if (!isParams(upstreamReply) || typeof localId !== 'number') return local;
  return { ...upstreamReply, transactionId: localId };
}

export function isParams(value: unknown): value is Params {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
