import type { CommandRecord } from '@ampfleet/adapters';
import type { UseCaseContext } from '../ports';

/** A site's latest commands, newest first ([] for a site of another organisation). */
export async function listCommands(
  { repos }: Pick<UseCaseContext, 'repos'>,
  input: { siteId: string; limit: number },
): Promise<CommandRecord[]> {
  return repos.commands.list(input.siteId, input.limit);
}
