import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createDynamoClients, forOrg } from '@ampfleet/adapters';
import { OrgId, Site, SiteId, tableName } from '@ampfleet/domain';
import { z } from 'zod';
import { parseFlags, type Command } from '../command';
import { CliError, parseInput } from '../errors';
import { printJson, readJsonFile, type CliIo } from '../io';
import { provisionAwsSite } from './site-aws';
import { writeEdgeBundle } from './site-bundle';
import { CREATE_USAGE, runSiteCreate } from './site-create';
import { createClientCert, localCa } from './site-certs';

// `ampfleet site provision <site-id>`: everything a site box needs, as one bundle directory.
// In AWS: the site's IoT thing, certificate and policy (site-aws.ts). Locally (--local, or when no
// AWS is configured): a client certificate from a local CA for the local broker. Both: the agent's
// config derived from the site configuration, the certificates, the systemd unit (site-bundle.ts).

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

async function siteOf(flags: ProvisionFlags, io: CliIo): Promise<Site> {
  const file = flags['site-file'];
  if (file === undefined) return storedSite(flags);
  const site = parseInput(Site, await readJsonFile(file, io.cwd), file);
  if (site.id !== flags.siteId)
    throw new CliError(`${file}: id: '${site.id}' is not the site being provisioned ('${flags.siteId}')`);
  return site;
}

/** The head version of the site's desired configuration in the local stack's table (no secrets: none are needed). */
async function storedSite(flags: ProvisionFlags): Promise<Site> {
  const endpoint = flags['dynamodb-endpoint'] ?? process.env.AMPFLEET_DYNAMODB_ENDPOINT;
  if (!endpoint)
    throw new CliError(
      "--site-file or --dynamodb-endpoint: required: a site file, or the DynamoDB endpoint of a running `npm start` (its 'local stack up' log line) to read the stored configuration",
      2,
    );
  if (!flags.org) throw new CliError('--org: required when reading the stored configuration', 2);
  const table = flags.table ?? process.env.AMPFLEET_TABLE_NAME ?? tableName(LOCAL_STAGE);
  const { raw, doc } = createDynamoClients({ region: process.env.AWS_REGION ?? 'eu-central-1', endpoint });
  try {
    const head = await forOrg(flags.org, { doc, table }).desiredConfig.get(flags.siteId);
    if (!head)
      throw new CliError(
        `<site-id>: organisation '${flags.org}' has no site '${flags.siteId}' with a configuration in table ${table}`,
      );
    return { ...head.site, orgId: flags.org };
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(
      `--dynamodb-endpoint: cannot read table ${table} at ${endpoint}: ${(err as Error).message}`,
    );
  } finally {
    raw.destroy();
  }
}

async function provision(flags: ProvisionFlags, local: boolean, io: CliIo): Promise<number> {
  const site = await siteOf(flags, io);
  const orgId = flags.org ?? site.orgId;
  if (!orgId) throw new CliError('--org: required (the site file has no orgId)', 2);
  const outDir = path.resolve(io.cwd, flags.out ?? `edge-bundle-${site.id}`);
  const common = {
    site,
    orgId,
    outDir,
    installDir: flags['install-dir'],
    ocpp: { host: flags['ocpp-host'], port: flags['ocpp-port'] },
    journalDir: flags['journal-dir'],
  };
  const region = flags.region ?? process.env.AWS_REGION;
  if (local || !awsConfigured(process.env, flags.region)) {
    const mqttUrl = flags['mqtt-url'];
    if (!mqttUrl)
      throw new CliError(
        `--mqtt-url: required ${local ? 'with --local' : 'when no AWS is configured (AWS_REGION and credentials)'}: the local broker, e.g. mqtt://192.168.0.10:1883`,
        2,
      );
    const now = new Date();
    const ca = await localCa(path.resolve(io.cwd, flags['ca-dir']), now);
    const cert = await createClientCert(ca, site.id, now);
    const bundle = await writeEdgeBundle({
      ...common,
      mqtt: {
        url: mqttUrl,
        clientId: site.id,
        certPem: cert.certPem,
        keyPem: cert.keyPem,
        caPem: ca.certPem,
      },
    });
    printJson(io, { mode: 'local', siteId: site.id, orgId, mqttUrl, ...bundle });
    return 0;
  }
  if (!flags['root-ca'])
    throw new CliError(
      "--root-ca: required for AWS IoT: the CA of AWS IoT's endpoint (AmazonRootCA1.pem)",
      2,
    );
  const caPem = await readFile(path.resolve(io.cwd, flags['root-ca']), 'utf8').catch(
    (err: NodeJS.ErrnoException) => {
      throw new CliError(`--root-ca: cannot read ${flags['root-ca']}: ${err.code ?? err.message}`);
    },
  );
  if (!caPem.includes('-----BEGIN CERTIFICATE-----'))
    throw new CliError(`--root-ca: ${flags['root-ca']} is not a PEM certificate`);
  const aws = await provisionAwsSite({
    orgId,
    siteId: site.id,
    region: region ?? '',
    ...(flags.endpoint && { endpoint: flags.endpoint }),
  });
  const bundle = await writeEdgeBundle({
    ...common,
    mqtt: {
      url: aws.mqttUrl,
      clientId: aws.thingName,
      certPem: aws.certificatePem,
      keyPem: aws.privateKeyPem,
      caPem,
    },
  });
  printJson(io, {
    mode: 'aws',
    siteId: site.id,
    orgId,
    thingName: aws.thingName,
    policyName: aws.policyName,
    certificateArn: aws.certificateArn,
    mqttUrl: aws.mqttUrl,
    ...bundle,
  });
  return 0;
}
