import { MemberInviteInput, MemberUpdateInput, MemberView } from '@ampfleet/domain';
import { z } from 'zod';

export const UsersListOutput = z.object({ users: z.array(MemberView) });
export const UsersInviteInput = MemberInviteInput;
/** The temporary password is shown once to the inviting admin, who hands it to the person. */
export const UsersInviteOutput = z.object({ user: MemberView, temporaryPassword: z.string() });
export const UsersUpdateInput = MemberUpdateInput;
export const UsersRemoveInput = z.object({ userId: z.string().min(1).max(128) });
export { MemberView };
