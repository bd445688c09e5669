import { handleSignOut } from '../../../../server/auth-routes';

export const dynamic = 'force-dynamic';
export const POST = handleSignOut;
