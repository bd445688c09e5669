import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { generateDtsBundle } from 'dts-bundle-generator';

// `npm run build -w @ampfleet/client`: the partner package in dist/ — ESM and CommonJS built by esbuild,
// one self-contained .d.ts bundled by dts-bundle-generator (the router's procedures with their inputs
// and outputs; it imports only @trpc/client and @trpc/server), a package.json and the README — then
// `npm pack` of dist/ into a tarball. Why dts-bundle-generator: it inlines the workspace sources the
// router's types come from and keeps named npm imports external, in one call (rollup-plugin-dts needs
// a rollup set-up and a prior tsc emit).

const packageRoot = fileURLToPath(new URL('../', import.meta.url));
export const distDir = path.join(packageRoot, 'dist');
const entry = path.join(packageRoot, 'src', 'index.ts');
/** npm packages the client's JS and types import; dependencies of the published package. */
const EXTERNAL = ['@trpc/client', '@trpc/server'];

export interface ClientBuild {
  tarball: string;
  sizes: { esm: number; cjs: number; dts: number; tarball: number };
}

export function buildClientPackage(packDestination: string = packageRoot): ClientBuild {
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(distDir, { recursive: true });
  for (const format of ['esm', 'cjs'] as const) {
    buildSync({
      entryPoints: [entry],
      outfile: path.join(distDir, format === 'esm' ? 'index.js' : 'index.cjs'),
      bundle: true,
      platform: 'neutral',
      target: 'es2022',
      format,
      external: EXTERNAL,
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
  const [dts] = generateDtsBundle(
    [{ filePath: entry, output: { exportReferencedTypes: false, noBanner: true } }],
    { preferredConfigPath: path.join(packageRoot, 'tsconfig.dts.json') },
  );
  if (dts === undefined) throw new Error('dts-bundle-generator returned no bundle');
  assertSelfContained(dts);
  writeFileSync(path.join(distDir, 'index.d.ts'), dts);
  // CommonJS consumers (moduleResolution node16) read types beside the .cjs with a .d.cts extension.
  writeFileSync(path.join(distDir, 'index.d.cts'), dts);
  writeFileSync(path.join(distDir, 'package.json'), `${JSON.stringify(publishedManifest(), null, 2)}\n`);
  copyFileSync(path.join(packageRoot, 'README.md'), path.join(distDir, 'README.md'));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', distDir, '--pack-destination', packDestination, '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { filename: string; size: number }[];
  if (!packed) throw new Error('npm pack reported no tarball');
  const size = (file: string) => statSync(path.join(distDir, file)).size;
  return {
    tarball: path.join(packDestination, packed.filename),
    sizes: { esm: size('index.js'), cjs: size('index.cjs'), dts: size('index.d.ts'), tarball: packed.size },
  };
}

/** The bundle may import only the published dependencies — never a workspace package or a source path. */
function assertSelfContained(dts: string): void {
  const imported = [...dts.matchAll(/(?:from |import\()["']([^"']+)["']/g)].map((m) => m[1] ?? '');
  const foreign = imported.filter((spec) => !EXTERNAL.includes(spec));
  if (foreign.length > 0) throw new Error(`the .d.ts bundle imports ${[...new Set(foreign)].join(', ')}`);
}

/** The published package.json: the workspace manifest's identity and dependencies, pointing at dist files. */
function publishedManifest(): Record<string, unknown> {
  const workspace = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    description: string;
    dependencies: Record<string, string>;
  };
  return {
    name: workspace.name,
    version: workspace.version,
    description: workspace.description,
    license: 'UNLICENSED',
    type: 'module',
    main: './index.cjs',
    module: './index.js',
    types: './index.d.ts',
    exports: {
      '.': {
        import: { types: './index.d.ts', default: './index.js' },
        require: { types: './index.d.cts', default: './index.cjs' },
      },
    },
    files: ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts', 'README.md'],
    sideEffects: false,
    engines: { node: '>=18' },
    dependencies: workspace.dependencies,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const build = buildClientPackage();
  process.stdout.write(`${path.relative(process.cwd(), build.tarball)} ${JSON.stringify(build.sizes)}\n`);
}
