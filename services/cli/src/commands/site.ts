import path from 'node:path';
import { createDynamoClients, forOrg } from '@ampfleet/adapters';
import {
  awsSiteBoxIssuer,
  localSiteBoxIssuer,
  ProvisioningError,
  readEdgeUnitTemplate,
  readPemCertificate,
} from '@ampfleet/adapters/edge-provisioning';
import { NotFoundError, provisionSiteBox, type Repositories, type SiteBoxIssuer } from '@ampfleet/app';
import { OrgId, Site, SiteId, tableName } from '@ampfleet/domain';
import { z } from 'zod';
import { parseFlags, type Command } from '../command';
import { CliError, parseInput } from '../errors';
import { printJson, readJsonFile, type CliIo } from '../io';
import { writeBundleDir } from './site-bundle-dir';
import { CREATE_USAGE, runSiteCreate } from './site-create';

// `ampfleet site provision <site-id>`: everything a site box needs, as one bundle directory — made by
// @ampfleet/app's provisionSiteBox, the use case behind the console's "Provision site box" too.
// In AWS: the site's IoT thing, certificate and policy (adapters edge-provisioning/aws-iot.ts). Locally
// (--local, or when no AWS is configured): a client certificate from a local CA for the local broker.
// Both: the agent's config derived from the site configuration, the certificates, the systemd unit.

/** The stage `npm start` runs (services/local stack.ts LOCAL_STAGE; not imported: it loads the whole stack). */
const LOCAL_STAGE = 'local';

export const PROVISION_USAGE = `ampfleet site provision <site-id> [--site-file FILE] [options]

  --site-file FILE     the site configuration (JSON, schema: npx ampfleet schema site); its id must be <site-id>.
                       Without it: the site's desired configuration as stored in the cloud, read from the table
                       of a running \`npm start\` (its log line 'local stack up' names the DynamoDB endpoint)
  --dynamodb-endpoint URL  that table's DynamoDB Local (default: env AMPFLEET_DYNAMODB_ENDPOINT)
  --table NAME         the table (default: env AMPFLEET_TABLE_NAME, else ${tableName(LOCAL_STAGE)})
  --org ORG            the organisation (default: the site file's orgId; required when reading the table)
  --out DIR            the bundle directory to create (default: ./edge-bundle-<site-id>; never overwritten)
  --install-dir DIR    where the bundle goes on the box; the config's paths point there (default /etc/ampfleet)
  --ocpp-host HOST     the address the ECUs connect to on the box (default 0.0.0.0: every interface)
  --ocpp-port N        the OCPP-J port (default 9000)
  --journal-dir DIR    the journal on the box (default /var/lib/ampfleet/journal)
 AWS IoT Core (when AWS is configured: AWS_REGION / --region and credentials of the default chain):
  --region REGION      the AWS region (default: AWS_REGION)
  --root-ca FILE       the CA AWS IoT's endpoint is verified with (AmazonRootCA1.pem from amazontrust.com)
  --endpoint URL       the IoT control plane's endpoint (only to point the SDK elsewhere, e.g. a test double)
 Local broker (--local, or no AWS configured):
  --local              provision for the local broker
  --mqtt-url URL       the broker the box connects to (mqtt:// or mqtts://)
  --ca-dir DIR         the local CA, created on first use (default ./.ampfleet-local-ca)`;

const Flags = z.object({
  siteId: SiteId,
  'site-file': z.string().min(1).optional(),
  'dynamodb-endpoint': z.url({ protocol: /^https?$/ }).optional(),
  table: z.string().min(3).optional(),
  org: OrgId.optional(),
  out: z.string().min(1).optional(),
  'install-dir': z.string().regex(/^\//, 'an absolute path').default('/etc/ampfleet'),
  'ocpp-host': z.string().min(1).default('0.0.0.0'),
  'ocpp-port': z.coerce.number().int().min(1).max(65_535).default(9000),
  'journal-dir': z.string().regex(/^\//, 'an absolute path').default('/var/lib/ampfleet/journal'),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region, e.g. eu-central-1')
    .optional(),
  'root-ca': z.string().min(1).optional(),
  endpoint: z.url().optional(),
  'mqtt-url': z
    .string()
    .regex(/^mqtts?:\/\/[^\s/]+$/, 'mqtt://host:port or mqtts://host:port')
    .optional(),
  'ca-dir': z.string().min(1).default('.ampfleet-local-ca'),
});

/** AWS counts as configured when a region and some credential source are named in the environment. */
function awsConfigured(env: NodeJS.ProcessEnv, region: string | undefined): boolean {
  const credentials =
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  return Boolean((region || env.AWS_REGION) && credentials);
}

export const siteCommand: Command = {
  name: 'site',
  usage:
    'ampfleet site provision <site-id> [--site-file FILE] [--local --mqtt-url URL] [options] | ampfleet site create (--file FILE | --template use-case-N --id ID --name NAME) --api-url URL',
  summary:
    "a site box's edge bundle (AWS IoT thing or local broker credentials); create a site through the partner API",
  async run(args, io) {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(`usage: ${PROVISION_USAGE}\n\n${CREATE_USAGE}\n`);
      return 0;
    }
    if (args[0] === 'create') return runSiteCreate(args.slice(1), io, process.env);
    const local = args.includes('--local');
    const { positional, flags } = parseFlags(
      args.filter((a) => a !== '--local'),
      Object.keys(Flags.shape).filter((k) => k !== 'siteId'),
    );
    const [action, siteId] = positional;
    if (action !== 'provision' || siteId === undefined)
      throw new CliError(`expected 'provision <site-id>' (usage: ${PROVISION_USAGE.split('\n')[0]})`, 2);
    const input = parseFlagsInput({ ...flags, siteId });
    return provision(input, local, io);
  },
};

type ProvisionFlags = z.infer<typeof Flags>;

function parseFlagsInput(raw: Record<string, string>): ProvisionFlags {
  const parsed = Flags.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? '');
  throw new CliError(`${name === 'siteId' ? '<site-id>' : `--${name}`}: ${issue?.message ?? 'invalid'}`, 2);
}

/** The organisation's repositories in the local stack's table (to read the stored configuration). */
function storedRepos(flags: ProvisionFlags): { repos: Repositories; close(): void; describe: string } {
  const endpoint = flags['dynamodb-endpoint'] ?? process.env.AMPFLEET_DYNAMODB_ENDPOINT;
  if (!endpoint)
    throw new CliError(
      "--site-file or --dynamodb-endpoint: required: a site file, or the DynamoDB endpoint of a running `npm start` (its 'local stack up' log line) to read the stored configuration",
      2,
    );
  if (!flags.org) throw new CliError('--org: required when reading the stored configuration', 2);
  const table = flags.table ?? process.env.AMPFLEET_TABLE_NAME ?? tableName(LOCAL_STAGE);
  const { raw, doc } = createDynamoClients({ region: process.env.AWS_REGION ?? 'eu-central-1', endpoint });
  return {
    repos: forOrg(flags.org, { doc, table }),
    close: () => raw.destroy(),
    describe: `table ${table} at ${endpoint}`,
  };
}

async function issuerOf(flags: ProvisionFlags, local: boolean, io: CliIo): Promise<SiteBoxIssuer> {
  const region = flags.region ?? process.env.AWS_REGION;
  if (local || !awsConfigured(process.env, flags.region)) {
    const mqttUrl = flags['mqtt-url'];
    if (!mqttUrl)
      throw new CliError(
        `--mqtt-url: required ${local ? 'with --local' : 'when no AWS is configured (AWS_REGION and credentials)'}: the local broker, e.g. mqtt://192.168.0.10:1883`,
        2,
      );
    return localSiteBoxIssuer({ caDir: path.resolve(io.cwd, flags['ca-dir']), mqttUrl });
  }
  if (!flags['root-ca'])
    throw new CliError(
      "--root-ca: required for AWS IoT: the CA of AWS IoT's endpoint (AmazonRootCA1.pem)",
      2,
    );
  const rootCaPem = await readPemCertificate(path.resolve(io.cwd, flags['root-ca'])).catch((err: Error) => {
    throw new CliError(`--root-ca: ${err.message}`);
  });
  return awsSiteBoxIssuer({
    region: region ?? '',
    rootCaPem,
    ...(flags.endpoint && { endpoint: flags.endpoint }),
  });
}

async function provision(flags: ProvisionFlags, local: boolean, io: CliIo): Promise<number> {
  const file = flags['site-file'];
  const site = file === undefined ? undefined : parseInput(Site, await readJsonFile(file, io.cwd), file);
  if (site && site.id !== flags.siteId)
    throw new CliError(`${file}: id: '${site.id}' is not the site being provisioned ('${flags.siteId}')`);
  const orgId = flags.org ?? site?.orgId;
  if (site && !orgId) throw new CliError('--org: required (the site file has no orgId)', 2);
  // Resolved when the use case issues, i.e. after it found the site: a missing site is named first.
  const issuer: SiteBoxIssuer = {
    mode: local ? 'local' : 'aws',
    issue: async (org, id, now) => (await issuerOf(flags, local, io)).issue(org, id, now),
  };
  const outDir = path.resolve(io.cwd, flags.out ?? `edge-bundle-${flags.siteId}`);
  const store = site ? undefined : storedRepos(flags);
  try {
    // The same use case as the console's "Provision site box": one code for both.
    const box = await provisionSiteBox(
      { clock: { now: () => new Date() }, ...(store && { repos: store.repos }), ...(orgId && { orgId }) },
      {
        siteId: flags.siteId,
        ...(site && { site }),
        installDir: flags['install-dir'],
        ocpp: { host: flags['ocpp-host'], port: flags['ocpp-port'] },
        journalDir: flags['journal-dir'],
      },
      { issuer, unitTemplate: await readEdgeUnitTemplate() },
    ).catch((err: Error) => {
      if (err instanceof NotFoundError)
        throw new CliError(`<site-id>: ${err.message}${store ? ` in ${store.describe}` : ''}`);
      if (err instanceof ProvisioningError) throw new CliError(err.message);
      if (store && !(err instanceof CliError))
        throw new CliError(`--dynamodb-endpoint: cannot read ${store.describe}: ${err.message}`);
      throw err;
    });
    const files = await writeBundleDir(outDir, box.files);
    printJson(io, {
      mode: box.mode,
      siteId: box.siteId,
      orgId: box.orgId,
      ...box.details,
      mqttUrl: box.mqttUrl,
      dir: outDir,
      files,
      chargePoints: box.chargePoints,
    });
    return 0;
  } finally {
    store?.close();
  }
}
