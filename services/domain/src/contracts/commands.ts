import { z } from 'zod';
import { envelope as telemetryEnvelope } from './envelope';
import { ChargePointId } from './ids';

// Commands from the cloud to a site's edge agent (topic channel 'commands', cloud → edge, QoS 1), and
// their results, which travel back as telemetry events of type 'commandResult' through the agent's
// durable journal (never compacted). A command names one charge point and carries its own deadline:
// the agent executes it once (dedup by commandId) while the charge point is connected before the
// deadline, and reports 'expired' at the deadline otherwise.

export const COMMAND_SCHEMA_VERSION = 1;

const isoTime = z.iso.datetime({ offset: true });
export const CommandId = z.uuid();

const envelope = {
  v: z.literal(COMMAND_SCHEMA_VERSION),
  commandId: CommandId,
  issuedAt: isoTime,
  /** After this instant the command is not executed any more; the agent reports 'expired'. */
  deadline: isoTime,
  chargePointId: ChargePointId,
};

/** Largest per-phase current an ECU limit parameter takes (catalog: EVSE Sub-Distribution Limit, A). */
export const MAX_LIMIT_A = 2000;

/**
 * §7.1: set the DLM master's 'Operator EVSE Sub-Distribution Limit' (A, the same on all three phases).
 * The agent refuses it when it exceeds the master's 'EVSE Sub-Distribution Limit'.
 */
export const SetOperatorLimitCommand = z
  .object({
    ...envelope,
    kind: z.literal('setOperatorLimit'),
    amps: z.number().int().min(0).max(MAX_LIMIT_A),
  })
  .strict();

/** OCPP 1.6 CiString50Type: configuration keys. */
const ConfigKey = z.string().min(1).max(50);

export const GetConfigurationCommand = z
  .object({ ...envelope, kind: z.literal('getConfiguration'), keys: z.array(ConfigKey).max(100).optional() })
  .strict();

export const ChangeConfigurationCommand = z
  .object({ ...envelope, kind: z.literal('changeConfiguration'), key: ConfigKey, value: z.string().max(500) })
  .strict();

/** The profile purposes the cloud may set (TxProfile belongs to a running transaction, not to the fleet). */
export const CommandProfilePurpose = z.enum(['TxDefaultProfile', 'ChargePointMaxProfile']);

const ChargingSchedulePeriod = z
  .object({
    startPeriod: z.number().int().min(0),
    limit: z.number().finite().min(0).multipleOf(0.1),
    numberPhases: z.number().int().min(1).max(3).optional(),
  })
  .strict();

/** OCPP 1.6 csChargingProfiles (§7.8), restricted to TxDefaultProfile / ChargePointMaxProfile. */
export const CommandChargingProfile = z
  .object({
    chargingProfileId: z.number().int().min(0),
    stackLevel: z.number().int().min(0).max(100),
    chargingProfilePurpose: CommandProfilePurpose,
    chargingProfileKind: z.enum(['Absolute', 'Recurring', 'Relative']),
    recurrencyKind: z.enum(['Daily', 'Weekly']).optional(),
    validFrom: isoTime.optional(),
    validTo: isoTime.optional(),
    chargingSchedule: z
      .object({
        duration: z.number().int().min(0).optional(),
        startSchedule: isoTime.optional(),
        chargingRateUnit: z.enum(['A', 'W']),
        chargingSchedulePeriod: z.array(ChargingSchedulePeriod).min(1).max(48),
        minChargingRate: z.number().finite().min(0).multipleOf(0.1).optional(),
      })
      .strict(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const periods = p.chargingSchedule.chargingSchedulePeriod;
    if (periods[0]?.startPeriod !== 0)
      ctx.addIssue({
        code: 'custom',
        path: ['chargingSchedule', 'chargingSchedulePeriod', 0, 'startPeriod'],
        message: 'the first period must start at 0',
      });
    periods.forEach((period, i) => {
      const previous = periods[i - 1];
      if (previous && period.startPeriod <= previous.startPeriod)
        ctx.addIssue({
          code: 'custom',
          path: ['chargingSchedule', 'chargingSchedulePeriod', i, 'startPeriod'],
          message: 'periods must start in increasing order',
        });
    });
    if ((p.chargingProfileKind === 'Recurring') !== (p.recurrencyKind !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['recurrencyKind'],
        message: 'required for a Recurring profile and only for it',
      });
    if (p.chargingProfileKind !== 'Relative' && p.chargingSchedule.startSchedule === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['chargingSchedule', 'startSchedule'],
        message: 'required for an Absolute or Recurring profile',
      });
    if (
      p.validFrom !== undefined &&
      p.validTo !== undefined &&
      Date.parse(p.validTo) <= Date.parse(p.validFrom)
    )
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'must be after validFrom' });
  });
export type CommandChargingProfile = z.infer<typeof CommandChargingProfile>;

export const SetChargingProfileCommand = z
  .object({
    ...envelope,
    kind: z.literal('setChargingProfile'),
    connectorId: z.number().int().min(0).max(16),
    csChargingProfiles: CommandChargingProfile,
  })
  .strict()
  .refine(
    (c) => c.csChargingProfiles.chargingProfilePurpose !== 'ChargePointMaxProfile' || c.connectorId === 0,
    { path: ['connectorId'], message: 'a ChargePointMaxProfile is set on connector 0' },
  );

export const ClearChargingProfileCommand = z
  .object({
    ...envelope,
    kind: z.literal('clearChargingProfile'),
    id: z.number().int().min(0).optional(),
    connectorId: z.number().int().min(0).max(16).optional(),
    chargingProfilePurpose: CommandProfilePurpose.optional(),
    stackLevel: z.number().int().min(0).max(100).optional(),
  })
  .strict();

export const ResetCommand = z
  .object({ ...envelope, kind: z.literal('reset'), type: z.enum(['Soft', 'Hard']) })
  .strict();

export const Command = z
  .discriminatedUnion('kind', [
    SetOperatorLimitCommand,
    GetConfigurationCommand,
    ChangeConfigurationCommand,
    SetChargingProfileCommand,
    ClearChargingProfileCommand,
    ResetCommand,
  ])
  .refine((c) => Date.parse(c.deadline) > Date.parse(c.issuedAt), {
    path: ['deadline'],
    message: 'must be after issuedAt',
  });
export type Command = z.infer<typeof Command>;
export type CommandKind = Command['kind'];
export const COMMAND_KINDS = [
  'setOperatorLimit',
  'getConfiguration',
  'changeConfiguration',
  'setChargingProfile',
  'clearChargingProfile',
  'reset',
] as const satisfies readonly CommandKind[];

/**
 * accepted: the charge point did it; rejected: the payload was invalid or the charge point said no;
 * refused: the agent would not send it (e.g. above the EVSE Sub-Distribution Limit); failed: no answer
 * or an OCPP error; expired: the deadline passed before the charge point was reachable.
 */
export const CommandStatus = z.enum(['accepted', 'rejected', 'refused', 'failed', 'expired']);
export type CommandStatus = z.infer<typeof CommandStatus>;

/** Telemetry event 'commandResult' (the telemetry envelope, not the command's). */
export const CommandResultTelemetry = z
  .object({
    ...telemetryEnvelope,
    type: z.literal('commandResult'),
    commandId: CommandId,
    status: CommandStatus,
    detail: z.string().max(1000),
    /** The charge point's OCPP response payload, if it answered. */
    response: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type CommandResultTelemetry = z.infer<typeof CommandResultTelemetry>;
