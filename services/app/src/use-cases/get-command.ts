import type { CommandRecord } from '@ampfleet/adapters';
import { NotFoundError } from '../errors';
import type { UseCaseContext } from '../ports';

/** One command of the organisation with its status; NOT_FOUND for another org's or unknown id. */
export async function getCommand(
  { repos }: Pick<UseCaseContext, 'repos'>,
  input: { siteId: string; commandId: string },
): Promise<CommandRecord> {
  const record = await repos.commands.get(input.siteId, input.commandId);
  if (!record) throw new NotFoundError(`command ${input.commandId} not found`);
  return record;
}
