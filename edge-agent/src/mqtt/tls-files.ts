import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';

// The uplink's X.509 credentials (AWS IoT Core mTLS), read from the files named in `mqtt.tls`.
// Rotation: an installer (or `ampfleet site provision`) writes a new certificate and key over the old
// files; the agent rereads them on SIGHUP and when the files change, and reconnects with the new pair.
// A pair that does not match (caught mid-rotation: new certificate, old key) is not taken: the agent
// keeps the connection it has and retries at the next change or signal.

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
}

export interface TlsCredentials {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly ca: Buffer;
}

export class TlsCredentialsError extends Error {
  override readonly name = 'TlsCredentialsError';
}

/** Reads the three PEM files and checks that key and certificate belong together. */
export async function readTlsCredentials(files: TlsFiles): Promise<TlsCredentials> {
  const [cert, key, ca] = await Promise.all(
    [files.certFile, files.keyFile, files.caFile].map((file) =>
      readFile(file).catch((err: NodeJS.ErrnoException) => {
        throw new TlsCredentialsError(`cannot read ${file}: ${err.code ?? err.message}`);
      }),
    ),
  );
  const credentials = { cert: cert!, key: key!, ca: ca! };
  try {
    createSecureContext(credentials); // throws on a key that is not the certificate's
  } catch (err) {
    throw new TlsCredentialsError(
      `mqtt.tls: certificate ${files.certFile} and key ${files.keyFile} do not form a usable pair: ${(err as Error).message}`,
    );
  }
  return credentials;
}

export function sameCredentials(a: TlsCredentials, b: TlsCredentials): boolean {
  return a.cert.equals(b.cert) && a.key.equals(b.key) && a.ca.equals(b.ca);
}
