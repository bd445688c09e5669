import { buildSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run build:edge`: the edge agent as one ES module (dist/ampfleet-edge.mjs) for the site box.
// Why a bundle: run through tsx, the agent carries a TypeScript loader thread and its module graph
// (~40 MB RSS more at idle); the bundle starts faster and is one file to ship beside node_modules.
// classic-level stays external: it is a native addon (LevelDB) loaded from node_modules.

const edgeRoot = fileURLToPath(new URL('../', import.meta.url));

/** Where `bin/ampfleet-edge.js` looks for the bundle. */
export const edgeBundleFile = path.join(edgeRoot, 'dist', 'ampfleet-edge.mjs');

export function bundleEdgeAgent(outfile: string = edgeBundleFile): string {
  return bundleNodeEntry(path.join(edgeRoot, 'src', 'main.ts'), outfile);
}

/** The `Environment=` lines of the systemd unit the agent ships with (deploy/ampfleet-edge.service). */
export function siteBoxEnv(): Record<string, string> {
  const unit = readFileSync(path.join(edgeRoot, 'deploy', 'ampfleet-edge.service'), 'utf8');
  const env: Record<string, string> = {};
  for (const [, name, value] of unit.matchAll(/^Environment=(\w+)=(.*)$/gm))
    if (name) env[name] = value ?? '';
  return env;
}

/** One Node ES module from a TypeScript entry, the way the agent is bundled (also for bench baselines). */
export function bundleNodeEntry(entry: string, outfile: string): string {
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // The CommonJS dependencies esbuild inlines (ocpp-rpc, jsmodbus) call require().
    banner: {
      js: "import { createRequire as __ampfleetCreateRequire } from 'node:module'; const require = __ampfleetCreateRequire(import.meta.url);",
    },
    external: ['classic-level'],
    minify: true,
    keepNames: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.stdout.write(`${path.relative(process.cwd(), bundleEdgeAgent())}\n`);
}
