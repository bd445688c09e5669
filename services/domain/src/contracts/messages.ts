import { z } from 'zod';
import {
  noStateChange,
  planBootIngest,
  planMeterValuesIngest,
  planStatusIngest,
} from '../fleet/charge-point-ingest';
import {
  chargePointRoute,
  commandResultRoute,
  dlmNetworkRoute,
  reportedConfigRoute,
  transactionRoute,
  type IngestRoute,
} from '../fleet/ingest-route';
import { CommandResultTelemetry } from './commands';
import { DlmStateTelemetry, SiteMeterTelemetry } from './dlm';
import type { envelope } from './envelope';
import { ReportedConfigTelemetry } from './reported-config';
import type { PhaseCurrents } from './telemetry';
import { BootTelemetry, HeartbeatTelemetry, MeterValuesTelemetry, StatusTelemetry } from './telemetry';
import {
  DataTransferTelemetry,
  TransactionStartedTelemetry,
  TransactionStoppedTelemetry,
} from './transactions';

// Every kind of edge → cloud telemetry message, once: its schema, what the edge journal may do with it
// when over budget, and how the ingest stores it. TelemetryMessage is the union of the schemas, so a kind
// without a descriptor cannot exist; the journal (edge-agent journal/compaction.ts) and the ingest
// (adapters telemetry-writer.ts) read the descriptor instead of switching on type strings.
// Adding a field: its kind's schema; plus its planner (fleet/) if the cloud stores it.
// Adding a kind: its schema and one line here (and the producer in the edge agent).

/**
 * What the journal may do with a run of one kind's messages in one time bucket (compaction.ts):
 * - never: an event, kept verbatim, and it cuts its charge point's runs so events keep their order;
 * - latestWins: periodic state; the run's last message stands for it;
 * - meterRun: readings; the last currents and energy, and the run's highest offered current per phase.
 * `runPer` separates runs beside charge point and kind (a connector, a DLM network); `eventWhen` marks
 * messages of a mergeable kind that are events after all (a meter disconnect, §7.4.1).
 */
export type Compaction<M> = { readonly policy: 'never' } | Merge<M, 'latestWins'> | Merge<M, 'meterRun'>;
export type CompactionPolicy = Compaction<unknown>['policy'];

interface Merge<M, P extends CompactionPolicy> {
  readonly policy: P;
  readonly runPer: (message: M) => string | number;
  readonly eventWhen?: (message: M) => boolean;
}

/** The fields a 'meterRun' merge reads and writes. */
export interface MeterRunFields {
  currentOffered: PhaseCurrents;
  energyImportWh?: number | undefined;
}

/** A kind's compaction, 'meterRun' only for kinds with MeterRunFields (the merge reads them). */
type CompactionFor<M> = M extends MeterRunFields
  ? Compaction<M>
  : Exclude<Compaction<M>, { policy: 'meterRun' }>;

export const keptVerbatim = { policy: 'never' } as const satisfies Compaction<unknown>;

export const latestWins = <M>(
  runPer: (message: M) => string | number,
  eventWhen?: (message: M) => boolean,
): Merge<M, 'latestWins'> => ({ policy: 'latestWins', runPer, ...(eventWhen && { eventWhen }) });

export const meterRun = <M extends MeterRunFields>(
  runPer: (message: M) => string | number,
): Merge<M, 'meterRun'> => ({ policy: 'meterRun', runPer });

/** A kind's schema: the envelope, a literal `type`, and its body. */
type MessageSchema = z.ZodObject<{ type: z.ZodLiteral<string> } & typeof envelope>;

export interface MessageKind<S extends MessageSchema = MessageSchema, M = z.output<S>> {
  readonly schema: S;
  readonly compaction: Compaction<M>;
  /** The pure ingest planner: which route stores the message, with what (fleet/ingest-route.ts). */
  readonly ingest: (message: M) => IngestRoute;
}

const kind = <S extends MessageSchema>(
  schema: S,
  descriptor: { compaction: CompactionFor<z.output<S>>; ingest: (message: z.output<S>) => IngestRoute },
): MessageKind<S> => ({ schema, ...descriptor });

/** Each key must be the `type` its schema accepts. */
const defineKinds = <R extends { [K in keyof R]: { readonly schema: z.ZodType<{ type: K }> } }>(
  kinds: R,
): R => kinds;

export const messageKinds = defineKinds({
  boot: kind(BootTelemetry, { compaction: keptVerbatim, ingest: chargePointRoute(planBootIngest) }),
  heartbeat: kind(HeartbeatTelemetry, {
    compaction: latestWins(() => ''),
    ingest: chargePointRoute(noStateChange),
  }),
  status: kind(StatusTelemetry, { compaction: keptVerbatim, ingest: chargePointRoute(planStatusIngest) }),
  meterValues: kind(MeterValuesTelemetry, {
    compaction: meterRun((m) => m.connectorId),
    ingest: chargePointRoute(planMeterValuesIngest),
  }),
  siteMeter: kind(SiteMeterTelemetry, {
    compaction: latestWins(
      (m) => m.networkId,
      (m) => !m.connected,
    ),
    ingest: dlmNetworkRoute,
  }),
  dlmState: kind(DlmStateTelemetry, { compaction: latestWins((m) => m.networkId), ingest: dlmNetworkRoute }),
  commandResult: kind(CommandResultTelemetry, { compaction: keptVerbatim, ingest: commandResultRoute }),
  transactionStarted: kind(TransactionStartedTelemetry, {
    compaction: keptVerbatim,
    ingest: transactionRoute,
  }),
  transactionStopped: kind(TransactionStoppedTelemetry, {
    compaction: keptVerbatim,
    ingest: transactionRoute,
  }),
  dataTransfer: kind(DataTransferTelemetry, {
    compaction: keptVerbatim,
    ingest: chargePointRoute(noStateChange),
  }),
  // A newer snapshot of the same ECU supersedes older ones: in the journal (one per charge point and
  // bucket) and in the store (ordered by read time, reported-config-ingest.ts).
  reportedConfig: kind(ReportedConfigTelemetry, {
    compaction: latestWins(() => ''),
    ingest: reportedConfigRoute,
  }),
});

type Kinds = typeof messageKinds;
export type TelemetryType = keyof Kinds;
type KindSchema = Kinds[TelemetryType]['schema'];

export const TELEMETRY_TYPES = Object.keys(messageKinds) as TelemetryType[];

export const TelemetryMessage = z.discriminatedUnion(
  'type',
  Object.values(messageKinds).map((k) => k.schema) as [KindSchema, ...KindSchema[]],
);
export type TelemetryMessage = z.infer<typeof TelemetryMessage>;
export type MessageOf<T extends TelemetryType> = Extract<TelemetryMessage, { type: T }>;

/**
 * The descriptor of a message's kind, typed for the message (one cast: `defineKinds` ties each key to
 * its schema's type). Undefined for a type this build does not know, e.g. a journal entry of a newer agent.
 */
export function kindOf<M extends TelemetryMessage>(
  message: M,
): { compaction: Compaction<M>; ingest: (message: M) => IngestRoute } | undefined {
  const descriptor: unknown = Object.hasOwn(messageKinds, message.type)
    ? messageKinds[message.type]
    : undefined;
  return descriptor as { compaction: Compaction<M>; ingest: (message: M) => IngestRoute } | undefined;
}

/** How the ingest stores a parsed message (its kind's planner). */
export function ingestRouteOf(message: TelemetryMessage): IngestRoute {
  const descriptor = kindOf(message);
  if (!descriptor) throw new UnknownMessageKindError(message.type);
  return descriptor.ingest(message);
}

/** A message of a type no descriptor names reached a place that needs one (parse first). */
export class UnknownMessageKindError extends Error {
  constructor(readonly type: string) {
    super(`no message kind '${type}'`);
    this.name = 'UnknownMessageKindError';
  }
}
