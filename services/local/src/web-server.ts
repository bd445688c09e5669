import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild, type Child } from './children';
import { waitForPort } from './ports';

// The Next.js console: built when its sources are newer than the last build, then `next start` on 127.0.0.1.

export const WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));
// Every workspace package the console compiles in (next.config.ts transpilePackages).
const SOURCE_DIRS = [
  'web/app',
  'web/server',
  'web/lib',
  'web/i18n',
  'web/messages',
  'web/public',
  'services/domain/src',
  'services/runtime/src',
  'services/adapters/src',
  'services/app/src',
];

function nextBin(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('next/package.json')), 'dist', 'bin', 'next');
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export function webBuildIsCurrent(): boolean {
  const buildId = path.join(WEB_DIR, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const root = path.resolve(WEB_DIR, '..');
  const newestSource = Math.max(...SOURCE_DIRS.map((d) => newestMtime(path.join(root, d))));
  return statSync(buildId).mtimeMs >= newestSource;
}

export async function buildWeb(options: { quiet?: boolean } = {}): Promise<void> {
  if (webBuildIsCurrent()) return;
  const tail: string[] = [];
  const child = startChild('web build', process.execPath, [nextBin(), 'build'], {
    cwd: WEB_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    onLine: (line) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (!options.quiet) process.stdout.write(`[web build] ${line}\n`);
    },
  });
  const code = await child.exited;
  if (code !== 0) throw new Error(`next build failed with exit code ${code}:\n${tail.join('\n')}`);
}

export async function startWeb(options: {
  port: number;
  env: Record<string, string>;
  quiet?: boolean;
}): Promise<Child> {
  const child = startChild(
    'web',
    process.execPath,
    [nextBin(), 'start', '-H', '127.0.0.1', '-p', String(options.port)],
    {
      cwd: WEB_DIR,
      env: { ...process.env, ...options.env, NEXT_TELEMETRY_DISABLED: '1' },
      quiet: options.quiet ?? false,
    },
  );
  const failed = child.exited.then((code) => {
    throw new Error(`the console exited with code ${code} before it was ready`);
  });
  try {
    await Promise.race([waitForPort(options.port, 60_000), failed]);
  } catch (err) {
    await child.stop();
    throw err;
  }
  return child;
}
