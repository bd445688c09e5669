import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// A partner's TypeScript project outside the monorepo that installs @ampfleet/client from its tarball,
// as a partner would: its own package.json and tsconfig (strict, NodeNext), no path into this repo.

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The repo's TypeScript (6.0.x): the partner's compiler in the test. */
export const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

/** The partner's script: lists sites (the key, when given, from AMPFLEET_API_KEY) and prints them as JSON. */
export const LIST_SITES = `
import { createAmpfleetClient, TRPCClientError, type AppRouter, type inferRouterOutputs } from '@ampfleet/client';

type SitePage = inferRouterOutputs<AppRouter>['sites']['list'];

const ampfleet = createAmpfleetClient({
  baseUrl: process.env.AMPFLEET_URL ?? 'http://127.0.0.1:3000',
  apiKey: process.env.AMPFLEET_API_KEY,
});
try {
  const page: SitePage = await ampfleet.sites.list.query({ limit: 50, sort: 'name' });
  const names: string[] = page.items.map((site) => site.name);
  const overview = await ampfleet.fleet.overview.query();
  console.log(JSON.stringify({ siteIds: page.items.map((s) => s.siteId), names, total: page.total, sites: overview.sites }));
} catch (err) {
  // A refused key (401) or a key past its rate (429): the HTTP status is on the client error.
  if (!(err instanceof TRPCClientError)) throw err;
  const data = err.data as { httpStatus?: number } | undefined;
  console.log(JSON.stringify({ httpStatus: data?.httpStatus }));
}
`;

/** Each file must fail type-checking with the named TypeScript error. */
export const MISTAKES = {
  // A procedure the router does not have.
  'wrong-procedure.ts': {
    code: 'TS2551', // "Property 'lst' does not exist … Did you mean 'list'?"
    source: `await client.sites.lst.query({});`,
  },
  // A field sites.get does not take (its input is { siteId }).
  'wrong-input-field.ts': {
    code: 'TS2353',
    source: `await client.sites.get.query({ site: 'depot-nord' });`,
  },
  // A number where the schema says string.
  'wrong-input-type.ts': {
    code: 'TS2322',
    source: `await client.commands.list.query({ siteId: 42 });`,
  },
  // An output field that does not exist.
  'wrong-output-field.ts': {
    code: 'TS2339',
    source: `const site = await client.sites.get.query({ siteId: 'x' }); site.chargers.length;`,
  },
  // A mutation called as a query.
  'mutation-as-query.ts': {
    code: 'TS2339',
    source: `await client.commands.send.query({ siteId: 'x', chargePointId: 'y', command: { kind: 'reset' } });`,
  },
} as const;

const withClient = (body: string) =>
  `import { createAmpfleetClient } from '@ampfleet/client';\nconst client = createAmpfleetClient({ baseUrl: 'http://127.0.0.1:1' });\n${body}\nexport {};\n`;

/** Writes the partner project to `dir` and installs the given tarballs into it, offline. */
export async function createPartnerProject(dir: string, tarballs: string[]): Promise<void> {
  await mkdir(path.join(dir, 'src'), { recursive: true });
  await mkdir(path.join(dir, 'mistakes'), { recursive: true });
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'partner-fleet-report', private: true, type: 'module' }, null, 2),
  );
  const compilerOptions = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM'],
    strict: true,
    // As \`tsc --init\` sets it: @trpc/server's own .d.ts needs @types/node and ws to be checked.
    skipLibCheck: true,
    types: [],
  };
  await writeFile(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify(
      { compilerOptions: { ...compilerOptions, rootDir: 'src', outDir: 'out' }, include: ['src'] },
      null,
      2,
    ),
  );
  // process.env in the partner script without @types/node: the one global it needs, declared.
  await writeFile(
    path.join(dir, 'src', 'env.d.ts'),
    'declare const process: { env: Record<string, string | undefined> };\n',
  );
  await writeFile(path.join(dir, 'src', 'list-sites.ts'), LIST_SITES);
  for (const [file, mistake] of Object.entries(MISTAKES))
    await writeFile(path.join(dir, 'mistakes', file), withClient(mistake.source));
  await writeFile(
    path.join(dir, 'mistakes', 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { ...compilerOptions, noEmit: true },
      include: ['.', '../src/env.d.ts'],
    }),
  );
  // --offline: every package comes from the tarballs given (no registry); --legacy-peer-deps: the
  // partner's TypeScript (a peer of @trpc/*) is the compiler we run, not installed here.
  await run(
    'npm',
    [
      'install',
      '--offline',
      '--legacy-peer-deps',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      ...tarballs,
    ],
    { cwd: dir },
  );
}

/** tsc over a partner tsconfig: exit code and the diagnostics it printed. */
export async function typeCheck(project: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [TSC, '-p', project, '--pretty', 'false']);
    return { ok: true, output: stdout };
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout ?? ''}${stderr ?? ''}` };
  }
}

/** npm pack of an installed dependency (the files the registry served, repacked) into `dest`: no registry in tests. */
export async function packInstalled(pkg: string, dest: string): Promise<string> {
  const { stdout } = await run('npm', [
    'pack',
    path.join(ROOT, 'node_modules', pkg),
    '--pack-destination',
    dest,
    '--ignore-scripts',
    '--json',
  ]);
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error(`npm pack ${pkg} reported no tarball`);
  return path.join(dest, packed.filename);
}
