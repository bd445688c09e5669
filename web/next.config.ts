import path from 'node:path';
import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

// The monorepo root (packages are hoisted there); next always runs with web/ as its working directory.
const root = path.resolve(process.cwd(), '..');

const config: NextConfig = {
  // Workspace packages ship TypeScript sources; Next compiles them with the app.
  transpilePackages: [
    '@ampfleet/domain',
    '@ampfleet/runtime',
    '@ampfleet/adapters',
    '@ampfleet/app',
    '@ampfleet/edge-agent',
    '@ampfleet/infra',
  ],
  turbopack: { root },
  outputFileTracingRoot: root,
  poweredByHeader: false,
  // `npm run typecheck` (part of `npm test`) type-checks web/ with the whole repo; skipping Next's
  // second pass saves ~11 s on every `npm start` that has to build.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
};

// German and English without locale routing: the request's locale and messages come from i18n/request.ts.
const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

export default withNextIntl(config);
