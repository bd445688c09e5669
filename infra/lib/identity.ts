import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

// Sign-in for people (issue #11): one Cognito user pool for every organisation — a person's organisation
// is the immutable `custom:org` attribute, their role and sites live in the table (member records) — and
// one app client for the console's server-side USER_PASSWORD_AUTH flow (no client secret: the console's
// server is the only caller, and the token is verified against the pool's JWKS). Partner API keys are not
// here: they are stored hashed in the fleet table.

export interface IdentityProps {
  retainUsers: boolean;
}

export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly consoleClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Users', {
      // Admins invite people from the console; nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      customAttributes: { org: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: false }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: false,
        tempPasswordValidity: Duration.days(7),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: props.retainUsers,
      removalPolicy: props.retainUsers ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.consoleClient = this.userPool.addClient('Console', {
      authFlows: { userPassword: true },
      generateSecret: false,
      // No hosted UI or OAuth redirects: the console signs people in on its own page.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      enableTokenRevocation: true,
    });
  }
}
