import { paramSpec } from '../config/catalog';
import { dlmOcppKey, type DlmMasterParam } from '../dlm/ocpp-keys';
import type { PhaseTriplet } from '../config/catalog-types';
import { firmwareVersionOf, type FirmwareVersion } from '../config/firmware';
import { parseValue, renderValue } from '../drift/values';

// §7.1: the backend may change the DLM master's 'Operator EVSE Sub-Distribution Limit' at runtime, but
// never above its 'EVSE Sub-Distribution Limit'. The agent reads the latter right before the change
// and refuses a request above it (or when it cannot be read): the cloud never raises the limit past it.
// OCPP key names per firmware: dlm/ocpp-keys.ts (one source for the DLM monitor and the commands).

const SUB_DISTRIBUTION = 'evseSubDistributionLimit' satisfies DlmMasterParam;
const OPERATOR = 'operatorEvseSubDistributionLimit' satisfies DlmMasterParam;

export interface OperatorLimitKeys {
  readonly version: FirmwareVersion;
  /** OCPP key of 'EVSE Sub-Distribution Limit (L1/L2/L3) [A]' on this firmware. */
  readonly subDistributionLimit: string;
  /** OCPP key of 'Operator EVSE Sub-Distribution Limit (L1/L2/L3) [A]' on this firmware. */
  readonly operatorLimit: string;
}

/** The catalog version for a BootNotification firmwareVersion ('4.61', '4.52-5412-d6a2288f6', '4.61-sim'). */
export function bootFirmwareVersion(raw: string | undefined): FirmwareVersion | undefined {
  if (raw === undefined) return undefined;
  const majorMinor = /^\s*v?(\d+\.\d+)/.exec(raw)?.[1];
  return firmwareVersionOf(raw) ?? (majorMinor !== undefined ? firmwareVersionOf(majorMinor) : undefined);
}

export function operatorLimitKeys(
  firmware: string | undefined,
): { ok: true; keys: OperatorLimitKeys } | { ok: false; detail: string } {
  const version = bootFirmwareVersion(firmware);
  if (!version) return { ok: false, detail: `firmware '${firmware ?? 'unknown'}' is not in the catalog` };
  const subDistributionLimit = dlmOcppKey(SUB_DISTRIBUTION, version);
  const operatorLimit = dlmOcppKey(OPERATOR, version);
  if (subDistributionLimit === undefined || operatorLimit === undefined)
    return { ok: false, detail: `firmware ${version} has no OCPP key for the DLM limits` };
  return { ok: true, keys: { version, subDistributionLimit, operatorLimit } };
}

/** OCPP 1.6 GetConfiguration.conf. */
export interface GetConfigurationReply {
  configurationKey?: Array<{ key: string; readonly?: boolean; value?: string }>;
  unknownKey?: string[];
}

/** A limit value as the ECU reports it ('(32/32/32)', '32/32/32', '32'); undefined if unreadable. */
export function readLimitValue(value: string): PhaseTriplet | undefined {
  const parsed = parseValue(paramSpec(SUB_DISTRIBUTION), value);
  if (!parsed.ok || typeof parsed.value !== 'object') return undefined;
  const { l1, l2, l3 } = parsed.value;
  return [l1, l2, l3].every((a) => Number.isFinite(a) && a >= 0) ? parsed.value : undefined;
}

/** The same amps on every phase, written as the firmware shows a limit triplet. */
export function renderLimitValue(amps: number, version: FirmwareVersion): string {
  return renderValue(paramSpec(OPERATOR), { l1: amps, l2: amps, l3: amps }, version);
}

export type OperatorLimitDecision =
  { action: 'change'; key: string; value: string } | { action: 'refuse'; detail: string };

const LIMIT_NAME = 'EVSE Sub-Distribution Limit';

/** Whether to send ChangeConfiguration for `requestedA`, given the master's GetConfiguration reply. */
export function decideOperatorLimit(
  requestedA: number,
  keys: OperatorLimitKeys,
  reply: GetConfigurationReply,
): OperatorLimitDecision {
  const reported = reply.configurationKey?.find((k) => k.key === keys.subDistributionLimit)?.value;
  if (reported === undefined)
    return { action: 'refuse', detail: `${LIMIT_NAME} could not be read (${keys.subDistributionLimit})` };
  const limit = readLimitValue(reported);
  if (!limit) return { action: 'refuse', detail: `${LIMIT_NAME} could not be read: '${reported}'` };
  const lowest = Math.min(limit.l1, limit.l2, limit.l3);
  if (requestedA > lowest)
    return {
      action: 'refuse',
      detail: `${requestedA} A exceeds the ${LIMIT_NAME} ${limit.l1}/${limit.l2}/${limit.l3} A (§7.1)`,
    };
  return { action: 'change', key: keys.operatorLimit, value: renderLimitValue(requestedA, keys.version) };
}
