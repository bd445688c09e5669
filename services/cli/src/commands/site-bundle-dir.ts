import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BundleFile } from '@ampfleet/app';
import { CliError } from '../errors';

// The edge bundle of one site box (made by @ampfleet/app's provisionSiteBox, the same code as the
// console's download), written as a directory as a whole or not at all (a temp directory renamed into
// place). Copy it to the box's install directory (default /etc/ampfleet): every path in the config
// points there.

export async function writeBundleDir(outDir: string, files: readonly BundleFile[]): Promise<string[]> {
  if (await exists(outDir))
    throw new CliError(`--out: ${outDir} exists; choose a new directory (a bundle is never overwritten)`);
  const temp = `${outDir}.tmp-${process.pid}`;
  try {
    for (const file of files) {
      const target = path.join(temp, file.name);
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await writeFile(target, file.text, { mode: file.mode });
    }
    await rename(temp, outDir);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw new CliError(`--out: cannot write ${outDir}: ${(err as Error).message}`);
  }
  return files.map((f) => f.name);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
