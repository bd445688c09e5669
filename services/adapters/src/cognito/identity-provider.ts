import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';

// Sign-in against Amazon Cognito (in AWS) or cognito-local (npm start, tests) — the same API and the same
// code; only the endpoint differs. Passwords never pass through anything but this module and Cognito.

export const IdentityProviderEnv = z.object({
  AMPFLEET_COGNITO_USER_POOL_ID: z.string().min(1),
  AMPFLEET_COGNITO_CLIENT_ID: z.string().min(1),
  /** Token issuer: https://cognito-idp.<region>.amazonaws.com/<pool id> in AWS; cognito-local's URL + pool id locally. */
  AMPFLEET_COGNITO_ISSUER: z.url(),
  /** Only for cognito-local; in AWS the SDK finds the regional endpoint. */
  AMPFLEET_COGNITO_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('eu-central-1'),
});
export type IdentityProviderEnv = z.infer<typeof IdentityProviderEnv>;

export type SignInResult =
  | { kind: 'signed-in'; idToken: string; expiresInS: number }
  | { kind: 'new-password-required'; session: string }
  | { kind: 'refused' };

export interface IdentityProvider {
  readonly env: IdentityProviderEnv;
  signIn(email: string, password: string): Promise<SignInResult>;
  completeNewPassword(email: string, session: string, newPassword: string): Promise<SignInResult>;
  /** Creates a person (e-mail as user name, the organisation as `custom:org`); returns the subject. */
  createUser(email: string, orgId: string, temporaryPassword: string): Promise<string>;
  setPermanentPassword(email: string, password: string): Promise<void>;
  /** The subject of an existing user, or undefined. */
  subjectOf(email: string): Promise<string | undefined>;
  deleteUser(email: string): Promise<void>;
}

const REFUSALS = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'UserNotConfirmedException',
  'PasswordResetRequiredException',
  'InvalidPasswordException',
  'InvalidParameterException',
  'CodeMismatchException',
  'ExpiredCodeException',
]);

export function cognitoIdentityProvider(env: IdentityProviderEnv): IdentityProvider {
  const client = new CognitoIdentityProviderClient({
    region: env.AWS_REGION,
    ...(env.AMPFLEET_COGNITO_ENDPOINT
      ? {
          endpoint: env.AMPFLEET_COGNITO_ENDPOINT,
          // cognito-local checks no signature; the SDK still wants credentials to sign with.
          credentials: { accessKeyId: 'cognito-local', secretAccessKey: 'cognito-local' },
        }
      : {}),
  });
  const pool = env.AMPFLEET_COGNITO_USER_POOL_ID;
  const clientId = env.AMPFLEET_COGNITO_CLIENT_ID;

  // Every refusal is one answer: never tell whether the user exists (issue #11 point 9).
  const auth = async (
    send: () => Promise<{
      AuthenticationResult?: { IdToken?: string; ExpiresIn?: number };
      ChallengeName?: string;
      Session?: string;
    }>,
  ): Promise<SignInResult> => {
    try {
      const r = await send();
      if (r.AuthenticationResult?.IdToken)
        return {
          kind: 'signed-in',
          idToken: r.AuthenticationResult.IdToken,
          expiresInS: r.AuthenticationResult.ExpiresIn ?? 3600,
        };
      if (r.ChallengeName === 'NEW_PASSWORD_REQUIRED' && r.Session)
        return { kind: 'new-password-required', session: r.Session };
      return { kind: 'refused' };
    } catch (err) {
      if (REFUSALS.has((err as Error).name)) return { kind: 'refused' };
      throw err;
    }
  };

  return {
    env,
    signIn: (email, password) =>
      auth(() =>
        client.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: clientId,
            AuthParameters: { USERNAME: email, PASSWORD: password },
          }),
        ),
      ),
    completeNewPassword: (email, session, newPassword) =>
      auth(() =>
        client.send(
          new RespondToAuthChallengeCommand({
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            ClientId: clientId,
            Session: session,
            ChallengeResponses: { USERNAME: email, NEW_PASSWORD: newPassword },
          }),
        ),
      ),
    async createUser(email, orgId, temporaryPassword) {
      const r = await client.send(
        new AdminCreateUserCommand({
          UserPoolId: pool,
          Username: email,
          TemporaryPassword: temporaryPassword,
          // The console shows the temporary password once to the inviting admin (no e-mail service here).
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'custom:org', Value: orgId },
          ],
        }),
      );
      const sub = r.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? r.User?.Username;
      if (!sub) throw new Error(`Cognito created ${email} without a subject`);
      return sub;
    },
    async setPermanentPassword(email, password) {
      await client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: pool,
          Username: email,
          Password: password,
          Permanent: true,
        }),
      );
    },
    async subjectOf(email) {
      try {
        const r = await client.send(new AdminGetUserCommand({ UserPoolId: pool, Username: email }));
        return r.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? r.Username;
      } catch (err) {
        if ((err as Error).name === 'UserNotFoundException') return undefined;
        throw err;
      }
    },
    async deleteUser(email) {
      await client.send(new AdminDeleteUserCommand({ UserPoolId: pool, Username: email }));
    },
  };
}
