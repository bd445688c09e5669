import type { Command, CommandStatus } from '../contracts/commands';

// A command as the OCPP 1.6 call the agent sends, and the charge point's answer as a command result.
// setOperatorLimit is two calls (operator-limit.ts); its ChangeConfiguration answer maps like any other.

export interface OcppCall {
  method: string;
  params: Record<string, unknown>;
}

type DirectCommand = Exclude<Command, { kind: 'setOperatorLimit' }>;

export function ocppCallFor(command: DirectCommand): OcppCall {
  switch (command.kind) {
    case 'getConfiguration':
      return { method: 'GetConfiguration', params: command.keys ? { key: command.keys } : {} };
    case 'changeConfiguration':
      return { method: 'ChangeConfiguration', params: { key: command.key, value: command.value } };
    case 'setChargingProfile':
      return {
        method: 'SetChargingProfile',
        params: { connectorId: command.connectorId, csChargingProfiles: command.csChargingProfiles },
      };
    case 'clearChargingProfile': {
      const { id, connectorId, chargingProfilePurpose, stackLevel } = command;
      return {
        method: 'ClearChargingProfile',
        params: {
          ...(id !== undefined && { id }),
          ...(connectorId !== undefined && { connectorId }),
          ...(chargingProfilePurpose !== undefined && { chargingProfilePurpose }),
          ...(stackLevel !== undefined && { stackLevel }),
        },
      };
    }
    case 'reset':
      return { method: 'Reset', params: { type: command.type } };
  }
}

export interface CommandOutcome {
  status: CommandStatus;
  detail: string;
}

/**
 * The result for an OCPP answer. ChangeConfiguration: Accepted → accepted, RebootRequired → accepted
 * (takes effect after a reset), Rejected / NotSupported → rejected. ClearChargingProfile 'Unknown'
 * (no profile matched) → rejected. GetConfiguration has no status: the answer itself is the result.
 */
export function outcomeOf(method: string, response: Record<string, unknown>): CommandOutcome {
  if (method === 'GetConfiguration') {
    const unknown = Array.isArray(response.unknownKey) ? response.unknownKey.length : 0;
    return { status: 'accepted', detail: unknown > 0 ? `${unknown} unknown key(s)` : 'configuration read' };
  }
  const status = typeof response.status === 'string' ? response.status : 'missing status';
  switch (status) {
    case 'Accepted':
      return { status: 'accepted', detail: `${method}: Accepted` };
    case 'RebootRequired':
      return { status: 'accepted', detail: `${method}: RebootRequired (takes effect after a reset)` };
    default:
      return { status: 'rejected', detail: `${method}: ${status}` };
  }
}
