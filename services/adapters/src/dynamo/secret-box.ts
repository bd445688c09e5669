import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { StoredItemInvalidError } from '../errors';

// Secrets of the desired configuration are sealed at rest with AES-256-GCM (node:crypto — no library
// needed for one authenticated cipher). The key comes from AMPFLEET_CONFIG_KEY (any string; its SHA-256
// is the key). Without it a fixed development key is used, marked 'dev' in every sealed value so a
// deployment can tell (and refuse) them. In AWS the KMS box (kms-secret-box.ts) serves the same port;
// `secretBoxFromEnv` picks it when AMPFLEET_KMS_KEY_ID is set, and opens local values either way.

/** Whom a sealed value belongs to: KMS binds it as the encryption context. */
export interface SealContext {
  orgId: string;
  siteId: string;
}

/** The port the desired-configuration store seals secrets through. */
export interface SecretBox {
  seal(plaintext: string, context: SealContext): Promise<string>;
  unseal(sealed: string, context: SealContext, what: string): Promise<string>;
}

/** AES-256-GCM with the local key (AMPFLEET_CONFIG_KEY); the context is not bound (values predate it). */
export const localSecretBox: SecretBox = {
  seal: (plaintext) => Promise.resolve(seal(plaintext)),
  unseal: (sealed, _context, what) => Promise.resolve(unseal(sealed, what)),
};

/** Whether `sealed` was sealed by the local box. */
export function isLocallySealed(sealed: string): boolean {
  return sealed.startsWith('A256GCM.');
}

const DEV_KEY_MATERIAL = 'ampfleet-local-development-config-key';

interface Key {
  id: string;
  bytes: Buffer;
}

function keyOf(material: string, id?: string): Key {
  const bytes = createHash('sha256').update(material).digest();
  return { id: id ?? createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes };
}

function currentKey(): Key {
  const material = process.env.AMPFLEET_CONFIG_KEY;
  return material ? keyOf(material) : keyOf(DEV_KEY_MATERIAL, 'dev');
}

/** `A256GCM.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts). */
export function seal(plaintext: string): string {
  const key = currentKey();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['A256GCM', key.id, iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function unseal(sealed: string, what: string): string {
  const [alg, keyId, iv, tag, data] = sealed.split('.');
  const key = currentKey();
  if (alg !== 'A256GCM' || !iv || !tag || data === undefined)
    throw new StoredItemInvalidError(`${what}: not a sealed value`);
  if (keyId !== key.id)
    throw new StoredItemInvalidError(`${what}: sealed with key ${keyId}, not the configured ${key.id}`);
  const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
