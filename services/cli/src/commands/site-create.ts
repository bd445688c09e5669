import { describeIssues, siteFromRequest, UseCase, type FieldIssue } from '@ampfleet/domain';
import { z } from 'zod';
import { parseFlags } from '../command';
import { CliError } from '../errors';
import { printJson, readJsonFile, type CliIo } from '../io';

// `ampfleet site create`: a new site in the running system, from a §7.1–§7.4 template or a site JSON,
// through the partner API's `sites.create` procedure (tRPC over HTTP, `Authorization: Bearer <key>`, a key
// with scope 'configuration'). The request is checked here first with the same domain schema the server
// uses, so a bad file names its field without a round trip; the server checks again (and answers CONFLICT
// for an id the organisation has already). Nothing is written on any error.

export const CREATE_USAGE = `ampfleet site create (--file SITE.json | --template use-case-N [template options] --id ID --name NAME) --api-url URL [--api-key KEY]

  --file FILE          a whole site configuration (JSON, schema: npx ampfleet schema site)
  --template NAME      ${UseCase.options.join(' | ')} (§7.1–§7.4), with --option 1|2, --firmware, --backend,
                       --addressing, --backend-url, --supply-line A, --main A, --stations "A,B", --fallback A
                       (as \`npx ampfleet template\`)
  --id ID              the new site's id (template)
  --name NAME          its name (template)
  --address TEXT       its address (template, optional)
  --time-zone ZONE     its IANA time zone (template, default Europe/Berlin)
  --api-url URL        the console, e.g. http://localhost:3000 (the API is served at /api/trpc)
  --api-key KEY        an API key with scope 'configuration' (default: env AMPFLEET_API_KEY)`;

const TEMPLATE_FLAGS = [
  'option',
  'firmware',
  'backend',
  'addressing',
  'backend-url',
  'supply-line',
  'main',
  'stations',
  'fallback',
];
const FLAGS = [
  'file',
  'template',
  'id',
  'name',
  'address',
  'time-zone',
  'api-url',
  'api-key',
  ...TEMPLATE_FLAGS,
];
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

const ApiUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL such as http://localhost:3000' });

/** The tRPC error body: { error: { message, data: { code, issues? } } }. */
const TrpcErrorBody = z.object({
  error: z.object({
    message: z.string(),
    data: z
      .object({
        code: z.string().optional(),
        issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      })
      .optional(),
  }),
});

export async function runSiteCreate(args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const { positional, flags } = parseFlags(args, FLAGS);
  if (positional.length > 0)
    throw new CliError(`unexpected argument '${positional[0]}' (usage: ${CREATE_USAGE.split('\n')[0]})`, 2);
  if ((flags.file === undefined) === (flags.template === undefined))
    throw new CliError('give either --file SITE.json or --template use-case-N', 2);
  const apiUrl = ApiUrl.safeParse(flags['api-url']);
  if (!apiUrl.success)
    throw new CliError(
      `--api-url: ${flags['api-url'] === undefined ? 'required' : 'must be'} an http(s) URL such as http://localhost:3000`,
      2,
    );
  const apiKey = flags['api-key'] ?? env.AMPFLEET_API_KEY;
  if (!apiKey)
    throw new CliError("--api-key: required (or env AMPFLEET_API_KEY): a key with scope 'configuration'", 2);

  const source = flags.file ?? 'template options';
  const request = flags.file
    ? { from: 'import', site: await readJsonFile(flags.file, io.cwd) }
    : { from: 'template', template: templateOf(flags), site: identityOf(flags) };
  const local = siteFromRequest(request);
  if (!local.ok)
    throw new CliError(`${source}: ${describe(local.issues, flags.file !== undefined)}`, 1, local.issues);

  const response = await fetch(`${apiUrl.data.replace(/\/+$/, '')}/api/trpc/sites.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(request),
  }).catch((err: Error) => {
    throw new CliError(
      `--api-url: cannot reach ${apiUrl.data}: ${err.cause instanceof Error ? err.cause.message : err.message}`,
    );
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = TrpcErrorBody.safeParse(body);
    const issues = error.success ? (error.data.error.data?.issues ?? []) : [];
    const code = error.success ? (error.data.error.data?.code ?? response.status) : response.status;
    const message = issues.length
      ? describe(issues, flags.file !== undefined)
      : error.success
        ? error.data.error.message
        : `HTTP ${response.status}`;
    throw new CliError(`${source}: ${code}: ${message}`, 1, issues);
  }
  const created = (body as { result?: { data?: unknown } } | undefined)?.result?.data;
  printJson(io, created);
  return 0;
}

const FLAG_OF: Record<string, string> = {
  'site.id': '--id',
  'site.name': '--name',
  'site.address': '--address',
  'site.timeZone': '--time-zone',
};

/**
 * Issue paths as the input names them: a file's fields without the request's 'site.' wrapper
 * ('stations.0.ecus.0.firmware'); a template's as its flags ('--time-zone', '--option').
 */
function describe(issues: FieldIssue[], fromFile: boolean): string {
  const named = (path: string) =>
    fromFile
      ? path.replace(/^site\.?/, '') || '(root)'
      : (FLAG_OF[path] ??
        (path.startsWith('template.')
          ? `--${path.slice(9).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
          : path));
  return describeIssues(issues.map((i) => ({ ...i, path: named(i.path) })));
}

function templateOf(flags: Record<string, string>): Record<string, unknown> {
  const template: Record<string, unknown> = { useCase: flags.template };
  for (const flag of TEMPLATE_FLAGS) {
    const value = flags[flag];
    if (value === undefined) continue;
    template[camel(flag)] = flag === 'stations' ? value.split(',').map((s) => s.trim()) : value;
  }
  return template;
}

function identityOf(flags: Record<string, string>): Record<string, unknown> {
  return {
    id: flags.id,
    name: flags.name,
    ...(flags.address !== undefined && { address: flags.address }),
    ...(flags['time-zone'] !== undefined && { timeZone: flags['time-zone'] }),
  };
}
