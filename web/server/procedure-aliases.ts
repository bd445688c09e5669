// Public procedure names the router cannot carry: tRPC refuses a procedure called `apply` (a reserved
// word of its proxy), so the issue's `drift.apply` lives as `drift.applyDesired`. Outside clients may
// call either name over HTTP: the route rewrites the alias before tRPC sees the request.
export const PROCEDURE_ALIASES: Readonly<Record<string, string>> = {
  'drift.apply': 'drift.applyDesired',
};

/** The request URL with aliases in its procedure path (`/api/trpc/a,b`) replaced; unchanged if none. */
export function resolveProcedureAliases(url: string, endpoint = '/api/trpc'): string {
  const u = new URL(url);
  if (!u.pathname.startsWith(`${endpoint}/`)) return url;
  const names = decodeURIComponent(u.pathname.slice(endpoint.length + 1)).split(',');
  if (!names.some((n) => n in PROCEDURE_ALIASES)) return url;
  u.pathname = `${endpoint}/${names.map((n) => PROCEDURE_ALIASES[n] ?? n).join(',')}`;
  return u.toString();
}
