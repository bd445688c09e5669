import { buildSync } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The esbuild step: each Lambda's code is the bundle of its handler file in services/functions/src,
// built synchronously while the app is being synthesized (no Docker, no NodejsFunction).

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where handler modules live: services/functions/src/<handlerModule>.ts exports `handler`. */
export const functionsSourceDir = path.join(repoRoot, 'services', 'functions', 'src');

/** Default root of the bundled asset directories (gitignored). */
export const defaultBuildDir = fileURLToPath(new URL('../.build/', import.meta.url));

/** Bundled ESM needs `require` for the CommonJS dependencies esbuild inlines (e.g. parts of the AWS SDK). */
const esmRequireBanner =
  "import { createRequire as __ampfleetCreateRequire } from 'node:module';" +
  ' const require = __ampfleetCreateRequire(import.meta.url);';

export interface HandlerBundle {
  /** Directory handed to lambda.Code.fromAsset: holds exactly the bundle and its source map. */
  assetDir: string;
  /** Lambda `Handler` value: file name (without .mjs) and export. */
  handler: string;
  /** Path of the bundled entry file. */
  entryFile: string;
}

const built = new Map<string, HandlerBundle>();

/** Bundles services/functions/src/<handlerModule>.ts into <buildDir>/<handlerModule>/<handlerModule>.mjs. */
export function bundleHandler(handlerModule: string, buildDir: string = defaultBuildDir): HandlerBundle {
  const assetDir = path.join(buildDir, handlerModule);
  const cached = built.get(assetDir);
  if (cached) return cached;

  const entryFile = path.join(assetDir, `${handlerModule}.mjs`);
  rmSync(assetDir, { recursive: true, force: true });
  buildSync({
    entryPoints: [path.join(functionsSourceDir, `${handlerModule}.ts`)],
    outfile: entryFile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    banner: { js: esmRequireBanner },
    minify: true,
    keepNames: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const bundle: HandlerBundle = { assetDir, handler: `${handlerModule}.handler`, entryFile };
  built.set(assetDir, bundle);
  return bundle;
}
