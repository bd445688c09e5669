import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { webcrypto } from 'node:crypto';
import path from 'node:path';
import 'reflect-metadata'; // @peculiar/x509's dependency injection (tsyringe) needs it loaded first
import * as x509 from '@peculiar/x509';

// X.509 for the local broker (`ampfleet site provision --local`, the console's sites.provision locally): a local CA, kept in a directory and
// reused for every site, and a client certificate per site box signed by it — the shape AWS IoT gives
// (certificate + key, and the CA the broker is verified with). @peculiar/x509 because Node's crypto
// reads certificates but cannot make them, and shelling out to openssl would tie the CLI to a binary.

type CryptoKey = webcrypto.CryptoKey;
const crypto = webcrypto;
// Node's webcrypto is the provider. Its type and the DOM lib's Crypto (the console's tsconfig) differ in
// overloads only, so the cast is needed there and redundant here.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
x509.cryptoProvider.set('default', crypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export interface PemPair {
  readonly certPem: string;
  readonly keyPem: string;
}

async function keyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

const serial = () =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');

export async function createCa(commonName: string, now: Date, days = 3650): Promise<PemPair> {
  const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + days * DAY_MS),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}

/** A TLS client certificate for `commonName` (the site's thing name) signed by the CA. */
export async function createClientCert(
  ca: PemPair,
  commonName: string,
  now: Date,
  days = 365,
): Promise<PemPair> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await crypto.subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(ca.keyPem),
    ALGORITHM,
    false,
    ['sign'],
  );
  const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${commonName}`,
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + days * DAY_MS),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}

/** The local CA in `dir` (ca.crt, ca.key), created on first use. */
export async function localCa(dir: string, now: Date): Promise<PemPair> {
  try {
    return {
      certPem: await readFile(path.join(dir, 'ca.crt'), 'utf8'),
      keyPem: await readFile(path.join(dir, 'ca.key'), 'utf8'),
    };
  } catch {
    const ca = await createCa('ampfleet local CA', now);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(path.join(dir, 'ca.key'), ca.keyPem, { mode: 0o600, flag: 'wx' });
    await writeFile(path.join(dir, 'ca.crt'), ca.certPem, { flag: 'wx' });
    return ca;
  }
}
