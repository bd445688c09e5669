import type { MetadataRoute } from 'next';
import { BACKGROUND_COLOUR, THEME_COLOUR } from '../theme';

// The owner app's web app manifest, linked only from /my pages (a root app/manifest.ts would be linked
// from the fleet console too, and installing the console should not open the owner's app).
export const dynamic = 'force-static';

const manifest: MetadataRoute.Manifest = {
  name: 'ampfleet — my charging site',
  short_name: 'ampfleet',
  description: 'Live power, charge points, energy and faults of your charging site',
  id: '/my',
  start_url: '/my',
  scope: '/my',
  display: 'standalone',
  orientation: 'portrait',
  background_color: BACKGROUND_COLOUR,
  theme_color: THEME_COLOUR,
  icons: [
    { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};

export function GET(): Response {
  return new Response(JSON.stringify(manifest), {
    headers: { 'content-type': 'application/manifest+json; charset=utf-8' },
  });
}
