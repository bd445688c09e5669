import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { edgeConfigOf, type Site } from '@ampfleet/domain';
import { EdgeConfig, hashPassword } from '@ampfleet/edge-agent';
import { CliError } from '../errors';

// The edge bundle of one site box, written as a whole or not at all (a temp directory renamed into
// place): the agent's config derived from the site configuration (edgeConfigOf), the MQTT
// certificate, key and CA, the charge points' OCPP passwords for the installer (the config holds only
// their scrypt hashes), and the systemd unit. Copy it to the box's install directory (default
// /etc/ampfleet): every path in the config points there.

const UNIT_FILE = fileURLToPath(
  new URL('../../../../edge-agent/deploy/ampfleet-edge.service', import.meta.url),
);

export interface BundleInput {
  readonly site: Site;
  readonly orgId: string;
  readonly outDir: string;
  /** Where the bundle's files live on the box. */
  readonly installDir: string;
  readonly ocpp: { readonly host: string; readonly port: number };
  readonly journalDir: string;
  readonly mqtt: {
    readonly url: string;
    readonly clientId: string;
    readonly certPem: string;
    readonly keyPem: string;
    readonly caPem: string;
  };
}

export interface BundleSummary {
  readonly dir: string;
  readonly files: string[];
  readonly chargePoints: number;
}

export async function writeEdgeBundle(input: BundleInput): Promise<BundleSummary> {
  if (await exists(input.outDir))
    throw new CliError(
      `--out: ${input.outDir} exists; choose a new directory (a bundle is never overwritten)`,
    );
  const chargePointIds = input.site.stations.flatMap((s) => s.ecus.map((e) => e.chargePointId));
  // One password per charge point, set in its ECU's OCPP settings (§6); the agent keeps only the hash.
  const passwords = Object.fromEntries(
    chargePointIds.map((id) => [id, randomBytes(18).toString('base64url')]),
  );
  const passwordHashes = Object.fromEntries(
    await Promise.all(
      chargePointIds.map(async (id) => [id, await hashPassword(passwords[id] ?? '')] as const),
    ),
  );
  const certs = (name: string) => path.posix.join(input.installDir, 'certs', name);
  const derived = edgeConfigOf(input.site, {
    orgId: input.orgId,
    ocpp: input.ocpp,
    passwordHashes,
    mqtt: { url: input.mqtt.url, clientId: input.mqtt.clientId },
    journalDir: input.journalDir,
  });
  const secure = input.mqtt.url.startsWith('mqtts://');
  const config = EdgeConfig.parse({
    ...derived,
    mqtt: {
      ...derived.mqtt,
      ...(secure && {
        tls: { certFile: certs('site.crt'), keyFile: certs('site.key'), caFile: certs('ca.crt') },
      }),
    },
  });
  const unit = (await readFile(UNIT_FILE, 'utf8')).replaceAll('/etc/ampfleet', input.installDir);
  const files: [string, string, number][] = [
    ['site-edge.json', `${JSON.stringify(config, null, 2)}\n`, 0o600],
    ['certs/site.crt', input.mqtt.certPem, 0o644],
    ['certs/site.key', input.mqtt.keyPem, 0o600],
    ['certs/ca.crt', input.mqtt.caPem, 0o644],
    ['charge-point-passwords.json', `${JSON.stringify(passwords, null, 2)}\n`, 0o600],
    ['ampfleet-edge.service', unit, 0o644],
  ];
  const temp = `${input.outDir}.tmp-${process.pid}`;
  try {
    await mkdir(path.join(temp, 'certs'), { recursive: true, mode: 0o700 });
    for (const [name, text, mode] of files) await writeFile(path.join(temp, name), text, { mode });
    await rename(temp, input.outDir);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw new CliError(`--out: cannot write ${input.outDir}: ${(err as Error).message}`);
  }
  return { dir: input.outDir, files: files.map(([name]) => name), chargePoints: chargePointIds.length };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
