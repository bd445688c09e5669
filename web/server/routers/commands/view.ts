import type { CommandRecord } from '@ampfleet/adapters';
import type { CommandView } from './commands.types';

export function commandView(r: CommandRecord): CommandView {
  return {
    commandId: r.commandId,
    siteId: r.siteId,
    chargePointId: r.chargePointId,
    kind: r.kind,
    status: r.status,
    issuedAt: r.issuedAt,
    deadline: r.deadline,
    ...(r.detail !== undefined && { detail: r.detail }),
    ...(r.resultAt !== undefined && { resultAt: r.resultAt }),
    ...(r.response !== undefined && { response: r.response }),
  };
}
