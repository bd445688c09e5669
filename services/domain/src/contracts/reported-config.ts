import { z } from 'zod';
import { ECU_PARAM_KEYS, type EcuParamKey } from '../config/catalog';
import { FIRMWARE_VERSIONS } from '../config/firmware';
import { envelope, IsoTime } from './envelope';
import { ChargePointId, MessageId, SiteId } from './ids';

// An ECU's configuration as it reported it over OCPP (GetConfiguration with no keys = every key, OCPP
// 1.6 §5.8): the edge agent reads it after the BootNotification, after each change it makes and on a
// schedule, and sends one 'reportedConfig' snapshot per read. Keys the catalog maps (config/ocpp-keys.ts)
// are `parameters` (with the catalog key); every other key is kept raw in `otherKeys`, never dropped.
// Values stay as the ECU wrote them; drift/reported.ts turns a snapshot into the drift's input.
// A secret's value (and OCPP's write-only AuthorizationKey) never leaves the site: `redacted: true`.

/** OCPP 1.6 KeyValue.key: CiString50. */
export const OcppConfigKey = z.string().min(1).max(50);
/** OCPP 1.6 KeyValue.value: CiString500. */
export const OcppConfigValue = z.string().max(500);

const keyValue = {
  key: OcppConfigKey,
  readonly: z.boolean(),
  /** Absent: known but not set, write-only, or redacted. */
  value: OcppConfigValue.optional(),
  /** The ECU sent a value that is a secret; it was not copied. */
  redacted: z.literal(true).optional(),
};

export const ReportedParameter = z
  .object({ param: z.enum(ECU_PARAM_KEYS as [EcuParamKey, ...EcuParamKey[]]), ...keyValue })
  .strict();
export type ReportedParameter = z.infer<typeof ReportedParameter>;

export const ReportedOcppKey = z.object(keyValue).strict();
export type ReportedOcppKey = z.infer<typeof ReportedOcppKey>;

/** Why the agent read the configuration. */
export const ConfigReadTrigger = z.enum(['boot', 'change', 'schedule']);
export type ConfigReadTrigger = z.infer<typeof ConfigReadTrigger>;

/**
 * Bounds: the catalog has ~35 parameters; real ECUs answer some 50–120 keys. 200 entries of typical
 * length keep a snapshot well inside an AWS IoT message (128 KB) and a DynamoDB item (400 KB); keys past
 * the bound are counted in `otherKeysOmitted`, not dropped silently.
 */
export const MAX_REPORTED_PARAMETERS = 64;
export const MAX_OTHER_OCPP_KEYS = 136;

const snapshot = {
  /** From the ECU's BootNotification; absent if it sent none. */
  firmwareVersion: z.string().max(50).optional(),
  /** The catalog version whose key names were matched first; absent for an unknown firmware. */
  catalogVersion: z.enum(FIRMWARE_VERSIONS).optional(),
  /** Per charge point, increasing within an agent run: orders two reads of the same millisecond. */
  sequence: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  trigger: ConfigReadTrigger,
  parameters: z.array(ReportedParameter).max(MAX_REPORTED_PARAMETERS),
  otherKeys: z.array(ReportedOcppKey).max(MAX_OTHER_OCPP_KEYS),
  otherKeysOmitted: z.number().int().min(1).optional(),
};

/** What a snapshot says, without envelope: built by config/reported-snapshot.ts. */
export const ReportedConfigSnapshot = z.object(snapshot).strict();
export type ReportedConfigSnapshot = z.infer<typeof ReportedConfigSnapshot>;

/** The telemetry message (envelope.ts): `chargePointId` is the ECU, `observedAt` when its answer came. */
export const ReportedConfigTelemetry = z
  .object({ ...envelope, type: z.literal('reportedConfig'), ...snapshot })
  .strict();
export type ReportedConfigTelemetry = z.infer<typeof ReportedConfigTelemetry>;

/**
 * The latest snapshot of one ECU as stored in the cloud: what `reportedConfig.get(siteId)` returns, one
 * per ECU of the site that has reported. `readAt` is the message's observedAt.
 */
export const ReportedConfigRecord = z
  .object({
    siteId: SiteId,
    chargePointId: ChargePointId,
    messageId: MessageId,
    readAt: IsoTime,
    ...snapshot,
  })
  .strict();
export type ReportedConfigRecord = z.infer<typeof ReportedConfigRecord>;
