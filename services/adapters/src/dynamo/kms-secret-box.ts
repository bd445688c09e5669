import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { StoredItemInvalidError } from '../errors';
import { isLocallySealed, localSecretBox, type SealContext, type SecretBox } from './secret-box';

// Secrets of the desired configuration sealed by AWS KMS (Encrypt/Decrypt with the customer-managed key
// of infra/lib/secrets-key.ts). A site's secrets are a few hundred bytes, well under Encrypt's 4 KB, so no
// data key is needed. The encryption context {orgId, siteId} binds each ciphertext to its site: a value
// copied into another site's item fails to decrypt. Values sealed locally before (A256GCM.…) still open.

const PREFIX = 'KMS1.';

export interface KmsSecretBoxOptions {
  keyId: string;
  region?: string;
  /** A KMS-compatible endpoint (tests: a loopback server replaying a recorded exchange). */
  endpoint?: string;
}

export function kmsSecretBox(options: KmsSecretBoxOptions): SecretBox {
  const kms = new KMSClient({
    ...(options.region !== undefined && { region: options.region }),
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
  });
  const encryptionContext = (c: SealContext) => ({ orgId: c.orgId, siteId: c.siteId });
  return {
    async seal(plaintext, context) {
      const out = await kms.send(
        new EncryptCommand({
          KeyId: options.keyId,
          Plaintext: Buffer.from(plaintext, 'utf8'),
          EncryptionContext: encryptionContext(context),
        }),
      );
      if (!out.CiphertextBlob) throw new Error('KMS Encrypt returned no ciphertext');
      return `${PREFIX}${Buffer.from(out.CiphertextBlob).toString('base64url')}`;
    },
    async unseal(sealed, context, what) {
      if (isLocallySealed(sealed)) return localSecretBox.unseal(sealed, context, what);
      if (!sealed.startsWith(PREFIX)) throw new StoredItemInvalidError(`${what}: not a sealed value`);
      try {
        const out = await kms.send(
          new DecryptCommand({
            KeyId: options.keyId,
            CiphertextBlob: Buffer.from(sealed.slice(PREFIX.length), 'base64url'),
            EncryptionContext: encryptionContext(context),
          }),
        );
        if (!out.Plaintext) throw new Error('KMS Decrypt returned no plaintext');
        return Buffer.from(out.Plaintext).toString('utf8');
      } catch (err) {
        if ((err as Error).name === 'InvalidCiphertextException')
          throw new StoredItemInvalidError(`${what}: does not open for this site`, { cause: err });
        throw err;
      }
    },
  };
}

let fromEnv: SecretBox | undefined;

/** The box the process uses: KMS when AMPFLEET_KMS_KEY_ID is set (AWS), else the local key. */
export function secretBoxFromEnv(env: NodeJS.ProcessEnv = process.env): SecretBox {
  if (env !== process.env) return boxOf(env);
  fromEnv ??= boxOf(env);
  return fromEnv;
}

function boxOf(env: NodeJS.ProcessEnv): SecretBox {
  const keyId = env.AMPFLEET_KMS_KEY_ID;
  if (!keyId) return localSecretBox;
  return kmsSecretBox({
    keyId,
    ...(env.AWS_REGION !== undefined && { region: env.AWS_REGION }),
    ...(env.AMPFLEET_KMS_ENDPOINT !== undefined && { endpoint: env.AMPFLEET_KMS_ENDPOINT }),
  });
}
