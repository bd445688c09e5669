// The API page's examples as text, one function each, so the integration test runs exactly what the
// page shows (test/integration/partner-client.int.test.ts) against a running console.

export interface ExampleSite {
  siteId: string;
  chargePointId: string;
}

/** A query over tRPC's GET form: `input` is the URL-encoded JSON input. */
export function curlQuery(origin: string): string {
  const input = encodeURIComponent(JSON.stringify({ limit: 10, sort: 'name' }));
  return [
    `curl -sS "${origin}/api/trpc/sites.list?input=${input}" \\`,
    `  -H "Authorization: Bearer $AMPFLEET_API_KEY"`,
  ].join('\n');
}

/** The same read in the REST form (OpenAPI document at /api/openapi.json). */
export function curlRest(origin: string, site: ExampleSite): string {
  return [
    `curl -sS "${origin}/api/v1/sites/${site.siteId}" \\`,
    `  -H "Authorization: Bearer $AMPFLEET_API_KEY"`,
  ].join('\n');
}

/** A mutation: POST with the input as the JSON body. */
export function curlMutation(origin: string, site: ExampleSite): string {
  const input = {
    siteId: site.siteId,
    chargePointId: site.chargePointId,
    command: { kind: 'setOperatorLimit', amps: 16 },
  };
  return [
    `curl -sS -X POST "${origin}/api/trpc/commands.send" \\`,
    `  -H "Authorization: Bearer $AMPFLEET_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${JSON.stringify(input)}'`,
  ].join('\n');
}

/** The typed client, as a partner's TypeScript file. */
export function typescriptExample(origin: string, site: ExampleSite): string {
  return `import { createAmpfleetClient, TRPCClientError } from '@ampfleet/client';

const ampfleet = createAmpfleetClient({
  baseUrl: '${origin}',
  apiKey: process.env.AMPFLEET_API_KEY,
});

const page = await ampfleet.sites.list.query({ search: 'depot', limit: 10 });
for (const site of page.items) console.log(site.siteId, site.counts.charging, 'charging');

try {
  const command = await ampfleet.commands.send.mutate({
    siteId: '${site.siteId}',
    chargePointId: '${site.chargePointId}',
    command: { kind: 'setOperatorLimit', amps: 16 },
  });
  console.log(command.status); // 'pending' until the site's agent answers
} catch (err) {
  if (err instanceof TRPCClientError) console.error(err.data?.httpStatus, err.message);
  else throw err;
}`;
}

export const installClient = `npm install ./ampfleet-client-0.1.0.tgz`;
