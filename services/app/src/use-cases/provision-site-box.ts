import { randomBytes } from 'node:crypto';
import { edgeConfigOf, type Site } from '@ampfleet/domain';
import { EdgeConfig } from '@ampfleet/edge-agent/config';
import { hashPassword } from '@ampfleet/edge-agent/password';
import { recordAudit, requireSiteAccess } from '../access';
import { NotFoundError } from '../errors';
import type { Repositories, UseCaseContext } from '../ports';

// Provisioning a site box (issue #14 point 3), one code for `npx ampfleet site provision` and the
// console's sites.provision: the site's MQTT identity from the issuer (AWS IoT thing + certificate +
// policy, or a local-CA certificate for the local broker), one fresh OCPP password per charge point,
// and the edge bundle as files — the agent config derived from the site configuration (it holds only
// the passwords' scrypt hashes), the certificate, key and CA, the passwords for the installer, the
// systemd unit. Nothing secret is stored: the key and the passwords exist only in the returned files,
// so they are handed out once; provisioning again issues new ones (a rotation).

/** Issues the site box's MQTT identity (adapters: localSiteBoxIssuer, awsSiteBoxIssuer). */
export interface SiteBoxIssuer {
  readonly mode: 'local' | 'aws';
  issue(
    orgId: string,
    siteId: string,
    now: Date,
  ): Promise<{
    mode: 'local' | 'aws';
    mqttUrl: string;
    clientId: string;
    certPem: string;
    keyPem: string;
    caPem: string;
    details: Readonly<Record<string, string>>;
  }>;
}

export interface SiteBoxDeps {
  readonly issuer: SiteBoxIssuer;
  /** edge-agent/deploy/ampfleet-edge.service (adapters: readEdgeUnitTemplate). */
  readonly unitTemplate: string;
}

export interface ProvisionSiteBoxInput {
  readonly siteId: string;
  /** The site configuration to provision from; default: the stored head of its desired configuration. */
  readonly site?: Site;
  /** Where the bundle's files live on the box: the config's paths point there. */
  readonly installDir?: string;
  readonly ocpp?: { readonly host: string; readonly port: number };
  readonly journalDir?: string;
}

export interface BundleFile {
  /** Relative to the bundle's root, e.g. certs/site.key. */
  readonly name: string;
  readonly text: string;
  /** File mode on the box (0o600 for secrets). */
  readonly mode: number;
}

export interface ProvisionedSiteBox {
  readonly mode: 'local' | 'aws';
  readonly siteId: string;
  readonly orgId: string;
  readonly mqttUrl: string;
  readonly chargePoints: number;
  /** What the issuer created (thing, policy, certificate ARN); no secrets. */
  readonly details: Readonly<Record<string, string>>;
  /** The bundle; the only copy of its secrets. */
  readonly files: readonly BundleFile[];
}

export const DEFAULT_INSTALL_DIR = '/etc/ampfleet';
export const DEFAULT_JOURNAL_DIR = '/var/lib/ampfleet/journal';
export const DEFAULT_OCPP = { host: '0.0.0.0', port: 9000 } as const;

/**
 * With a principal (the console, a partner): `site:provision` on the site (organisation admins), the
 * site's stored configuration, an audit entry. Without one: the operator's CLI, which reaches the
 * table with its own credentials (repos bound to the organisation it names) or brings a site file.
 */
export async function provisionSiteBox(
  ctx: Pick<UseCaseContext, 'principal' | 'clock'> & { repos?: Repositories; orgId?: string },
  input: ProvisionSiteBoxInput,
  deps: SiteBoxDeps,
): Promise<ProvisionedSiteBox> {
  if (ctx.principal) {
    if (!ctx.repos) throw new Error('provisionSiteBox: a caller needs its organisation repositories');
    await requireSiteAccess({ principal: ctx.principal, repos: ctx.repos }, 'site:provision', input.siteId);
  }
  const orgId = ctx.repos?.orgId ?? ctx.orgId ?? input.site?.orgId;
  if (!orgId) throw new Error('provisionSiteBox: no organisation (repos, orgId or the site file)');
  const site = await siteOf(ctx, input, orgId);
  const now = ctx.clock.now();
  const credentials = await deps.issuer.issue(orgId, site.id, now);
  const files = await bundleFiles(site, orgId, credentials, input, deps.unitTemplate);
  const chargePoints = site.stations.reduce((n, s) => n + s.ecus.length, 0);
  if (ctx.principal && ctx.repos)
    await recordAudit(
      { principal: ctx.principal, repos: ctx.repos, clock: ctx.clock },
      {
        action: 'site.provision',
        siteId: site.id,
        target: credentials.clientId,
        detail: `${credentials.mode}: new MQTT credentials and ${chargePoints} charge point passwords (earlier ones replaced)`,
      },
    );
  return {
    mode: credentials.mode,
    siteId: site.id,
    orgId,
    mqttUrl: credentials.mqttUrl,
    chargePoints,
    details: credentials.details,
    files,
  };
}

async function siteOf(
  ctx: { repos?: Repositories; principal?: unknown },
  input: ProvisionSiteBoxInput,
  orgId: string,
): Promise<Site> {
  // A caller provisions only what is stored for its organisation; a site file is the operator's.
  if (input.site && !ctx.principal) {
    if (input.site.id !== input.siteId)
      throw new NotFoundError(`the site file is site '${input.site.id}', not '${input.siteId}'`);
    return { ...input.site, orgId };
  }
  const head = await ctx.repos?.desiredConfig.get(input.siteId);
  if (!head)
    throw new NotFoundError(`organisation '${orgId}' has no site '${input.siteId}' with a configuration`);
  return { ...head.site, orgId };
}

async function bundleFiles(
  site: Site,
  orgId: string,
  mqtt: { mqttUrl: string; clientId: string; certPem: string; keyPem: string; caPem: string },
  input: ProvisionSiteBoxInput,
  unitTemplate: string,
): Promise<BundleFile[]> {
  const installDir = input.installDir ?? DEFAULT_INSTALL_DIR;
  const chargePointIds = site.stations.flatMap((s) => s.ecus.map((e) => e.chargePointId));
  // One password per charge point, set in its ECU's OCPP settings (§6); the agent keeps only the hash.
  const passwords = Object.fromEntries(
    chargePointIds.map((id) => [id, randomBytes(18).toString('base64url')]),
  );
  const passwordHashes = Object.fromEntries(
    await Promise.all(
      chargePointIds.map(async (id) => [id, await hashPassword(passwords[id] ?? '')] as const),
    ),
  );
  const certs = (name: string) => `${installDir.replace(/\/$/, '')}/certs/${name}`;
  const derived = edgeConfigOf(site, {
    orgId,
    ocpp: input.ocpp ?? DEFAULT_OCPP,
    passwordHashes,
    mqtt: { url: mqtt.mqttUrl, clientId: mqtt.clientId },
    journalDir: input.journalDir ?? DEFAULT_JOURNAL_DIR,
  });
  const secure = mqtt.mqttUrl.startsWith('mqtts://');
  const config = EdgeConfig.parse({
    ...derived,
    mqtt: {
      ...derived.mqtt,
      ...(secure && {
        tls: { certFile: certs('site.crt'), keyFile: certs('site.key'), caFile: certs('ca.crt') },
      }),
    },
  });
  return [
    { name: 'site-edge.json', text: `${JSON.stringify(config, null, 2)}\n`, mode: 0o600 },
    { name: 'certs/site.crt', text: mqtt.certPem, mode: 0o644 },
    { name: 'certs/site.key', text: mqtt.keyPem, mode: 0o600 },
    { name: 'certs/ca.crt', text: mqtt.caPem, mode: 0o644 },
    { name: 'charge-point-passwords.json', text: `${JSON.stringify(passwords, null, 2)}\n`, mode: 0o600 },
    {
      name: 'ampfleet-edge.service',
      text: unitTemplate.replaceAll('/etc/ampfleet', installDir),
      mode: 0o644,
    },
  ];
}
