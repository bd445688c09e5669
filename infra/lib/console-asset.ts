import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The console's Lambda asset: Next's standalone server (web/.next/standalone, produced by
// `npm run build:web` with `output: 'standalone'`) plus its static files and the Lambda Web Adapter's
// start script. Without a build, a placeholder that answers 503 keeps `npm run synth` offline and fast.

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const webDir = path.join(repoRoot, 'web');

/** The port the Next server listens on inside the function; the adapter forwards to it. */
export const CONSOLE_PORT = 3000;

export interface ConsoleAsset {
  assetDir: string;
  /** True when no console build was found and the asset is the 503 placeholder. */
  placeholder: boolean;
}

const startScript = (entry: string) =>
  `#!/bin/sh\n# Lambda Web Adapter start script: the adapter proxies each invocation to this server.\nexec node ${entry}\n`;

/** Prepares <buildDir>/console from the standalone build, or a placeholder if there is none. */
export function prepareConsoleAsset(
  buildDir: string,
  standaloneDir = path.join(webDir, '.next', 'standalone'),
  staticDir = path.join(webDir, '.next', 'static'),
): ConsoleAsset {
  const assetDir = path.join(buildDir, 'console');
  rmSync(assetDir, { recursive: true, force: true });
  mkdirSync(assetDir, { recursive: true });
  // outputFileTracingRoot is the repo root, so the server sits at web/server.js inside the standalone tree.
  const server = path.join(standaloneDir, 'web', 'server.js');
  if (existsSync(server)) {
    // A standalone server without its static files would serve pages with no scripts or styles.
    if (!existsSync(staticDir))
      throw new Error(`console build incomplete: ${staticDir} is missing (run npm run build:web again)`);
    cpSync(standaloneDir, assetDir, { recursive: true });
    cpSync(staticDir, path.join(assetDir, 'web', '.next', 'static'), { recursive: true });
    const publicDir = path.join(webDir, 'public');
    if (existsSync(publicDir)) cpSync(publicDir, path.join(assetDir, 'web', 'public'), { recursive: true });
    writeFileSync(path.join(assetDir, 'run.sh'), startScript('web/server.js'), { mode: 0o755 });
    return { assetDir, placeholder: false };
  }
  writeFileSync(path.join(assetDir, 'run.sh'), startScript('placeholder.mjs'), { mode: 0o755 });
  writeFileSync(
    path.join(assetDir, 'placeholder.mjs'),
    [
      "import { createServer } from 'node:http';",
      'createServer((_req, res) => {',
      "  res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });",
      "  res.end('ampfleet console not deployed: synthesize after `npm run build:web` with output: standalone\\n');",
      `}).listen(Number(process.env.PORT ?? ${CONSOLE_PORT}), '127.0.0.1');`,
      '',
    ].join('\n'),
  );
  return { assetDir, placeholder: true };
}
