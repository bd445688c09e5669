import { headers } from 'next/headers';
import { procedureCatalog, type ProcedureDoc } from '../../server/api-catalog';
import {
  curlMutation,
  curlQuery,
  curlRest,
  installClient,
  typescriptExample,
  type ExampleSite,
} from '../../server/api-examples';

export const dynamic = 'force-dynamic';

/** A demo site and charge point (`npm start`); yours come from sites.list. */
const EXAMPLE_SITE: ExampleSite = { siteId: 'depot-nord', chargePointId: 'dn-a1' };

async function consoleOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? '127.0.0.1:3000';
  const proto =
    h.get('x-forwarded-proto') ??
    (host.startsWith('127.0.0.1') || host.startsWith('localhost') ? 'http' : 'https');
  return `${proto}://${host}`;
}

function Code({ children, label }: { children: string; label: string }) {
  return (
    <pre className="code" aria-label={label} tabIndex={0}>
      <code>{children}</code>
    </pre>
  );
}

function Procedure({ doc }: { doc: ProcedureDoc }) {
  return (
    <section className="site procedure" data-procedure={doc.name} id={doc.name}>
      <h3>
        <code>{doc.name}</code> <span className="muted">{doc.kind}</span>
      </h3>
      {doc.summary && <p>{doc.summary}</p>}
      {doc.rest && (
        <p className="muted">
          REST: <code>{doc.rest}</code>
        </p>
      )}
      <h4>Input</h4>
      <Code label={`${doc.name} input`}>{doc.input}</Code>
      <h4>Output</h4>
      <Code label={`${doc.name} output`}>{doc.output}</Code>
    </section>
  );
}

export default async function DevelopersPage() {
  const origin = await consoleOrigin();
  const procedures = procedureCatalog();
  return (
    <div className="developers" data-testid="api-docs">
      <h1>Partner API</h1>
      <p>
        The procedures this console uses are your API: over HTTP at <code>{origin}/api/trpc</code>, through
        the typed TypeScript client <code>@ampfleet/client</code>, and — for the read procedures — as REST
        described by <a href="/api/openapi.json">the OpenAPI document</a>. Procedure names are the contract.
      </p>

      <h2>Authenticate</h2>
      <p>
        An org admin creates an API key on the organisation’s API key page; it is shown once and carries
        scopes (read, commands, configuration). Send it with every request as{' '}
        <code>Authorization: Bearer &lt;key&gt;</code>. Without a valid key the answer is <b>401</b>; past the
        key’s rate <b>429</b> with a <code>Retry-After</code> header (seconds to wait). A site of another
        organisation answers <b>404</b>; a bad input <b>400</b> with the path of the bad field.
      </p>

      <h2>TypeScript: the typed client</h2>
      <Code label="install the client">{installClient}</Code>
      <Code label="typed client example">{typescriptExample(origin, EXAMPLE_SITE)}</Code>

      <h2>curl</h2>
      <p>A query — tRPC’s GET form, the input as URL-encoded JSON:</p>
      <Code label="curl query">{curlQuery(origin)}</Code>
      <p>The same kind of read in the REST form:</p>
      <Code label="curl REST">{curlRest(origin, EXAMPLE_SITE)}</Code>
      <p>A mutation — POST, the input as the JSON body:</p>
      <Code label="curl mutation">{curlMutation(origin, EXAMPLE_SITE)}</Code>
      <p className="muted">
        Answers of <code>/api/trpc</code> wrap the output: <code>{'{"result":{"data": …}}'}</code>; REST
        answers are the output itself.
      </p>

      <h2>Procedures</h2>
      <nav className="procedure-index">
        {procedures.map((p) => (
          <a key={p.name} href={`#${p.name}`}>
            {p.name}
          </a>
        ))}
      </nav>
      {procedures.map((p) => (
        <Procedure key={p.name} doc={p} />
      ))}
    </div>
  );
}
