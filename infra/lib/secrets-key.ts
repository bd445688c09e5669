import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

// The customer-managed KMS key that seals the secrets of desired configurations at rest (ECU and OCPP
// passwords; adapters/src/dynamo/kms-secret-box.ts). Each ciphertext is bound to its organisation and
// site by the encryption context, so a sealed value copied to another site's item does not open.
// Grants: the console encrypts and decrypts (saves and reads); the audit-drift handler only decrypts.

export interface SecretsKeyProps {
  retain: boolean;
}

export class SecretsKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: SecretsKeyProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'ampfleet: secrets of desired site configurations (encryption context orgId + siteId)',
      enableKeyRotation: true,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
