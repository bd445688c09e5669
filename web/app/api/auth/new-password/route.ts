import { handleNewPassword } from '../../../../server/auth-routes';

export const dynamic = 'force-dynamic';
export const POST = handleNewPassword;
