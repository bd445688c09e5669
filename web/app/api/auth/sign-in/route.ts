import { handleSignIn } from '../../../../server/auth-routes';

export const dynamic = 'force-dynamic';
export const POST = handleSignIn;
