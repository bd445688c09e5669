import { NextResponse, type NextRequest } from 'next/server';

// Runs before every page: a per-request CSP nonce (Next puts it on its own scripts), the security headers,
// and the way to the sign-in page for a browser without a session cookie. The cookie's token is verified
// on the server (layout and every tRPC call); this is only the cheap redirect for a missing one.

const SESSION_COOKIE = '__Host-ampfleet-session';
const PUBLIC_PAGES = ['/sign-in'];
/** Browsers fetch a web app manifest without cookies; it names the app and its icons, nothing else. */
const isManifest = (pathname: string) => pathname.endsWith('/manifest.webmanifest');

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isPage = !pathname.startsWith('/api/');
  const isPublic =
    PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`)) || isManifest(pathname);
  if (isPage && !isPublic) {
    if (!request.cookies.get(SESSION_COOKIE)?.value) {
      const url = request.nextUrl.clone();
      url.pathname = '/sign-in';
      url.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
      return NextResponse.redirect(url, 303);
    }
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const dev = process.env.NODE_ENV === 'development';
  const https = request.nextUrl.protocol === 'https:';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React style attributes (bars, charts) need inline styles; scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "manifest-src 'self'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('X-Frame-Options', 'DENY');
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'same-origin');
  response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (https) response.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico|icons/|manifest.webmanifest).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
