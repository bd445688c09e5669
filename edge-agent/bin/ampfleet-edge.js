#!/usr/bin/env node
// ampfleet-edge --config <site-edge.json>
// Runs the bundle (dist/ampfleet-edge.mjs, from `npm run build:edge`) when it is newer than every
// source file it is built from; otherwise the TypeScript sources through tsx (development), so an
// edited checkout never runs a stale bundle.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const bundle = path.resolve(here, '../dist/ampfleet-edge.mjs');
const sources = ['edge-agent/src', 'services/domain/src', 'services/adapters/src'].map((d) =>
  path.join(root, d),
);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(file) : statSync(file).mtimeMs);
  }
  return newest;
}

const fresh =
  existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(...sources.filter(existsSync).map(newestMtime));
if (fresh) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
