import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { forOrg, type FleetStore } from '@ampfleet/adapters';
import { localSiteBoxIssuer, readEdgeUnitTemplate } from '@ampfleet/adapters/edge-provisioning';
import { aSite, aUser, anAmtron, anApiKey, type Principal } from '@ampfleet/domain';
import { parseEdgeConfig } from '@ampfleet/edge-agent';
import { verifyPassword } from '@ampfleet/edge-agent/password';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore, type TestStore } from '../../../test/support/dynamo';
import {
  createSite,
  edgeBundleArchive,
  ForbiddenError,
  NotFoundError,
  provisionSiteBox,
  type SiteBoxDeps,
} from './index';

// Provisioning a site box (issue #14 point 3) as the console and the CLI both run it, over DynamoDB
// Local with the real local CA: the bundle is the agent config of the stored site (password hashes
// only), a certificate for the site signed by the CA, the passwords, the unit; as a .tar.gz it unpacks
// with tar keeping the secret files 0600. Provisioning again rotates everything; only organisation
// admins may; nothing secret is written anywhere.

const ORG = 'org-prov';
const SITE = 'prov-1';
let store: TestStore;
let fleet: FleetStore;
let dir: string;
let deps: SiteBoxDeps;
const clock = { now: () => new Date() };
const ctx = (principal: Principal = aUser(ORG, 'org-admin'), org = ORG) => ({
  repos: forOrg(org, fleet),
  clock,
  principal,
});
const fileOf = (box: { files: readonly { name: string; text: string }[] }, name: string) =>
  box.files.find((f) => f.name === name)?.text ?? '';

beforeAll(async () => {
  store = await startTestStore('ampfleet-provision');
  fleet = { doc: store.clients.doc, table: store.table };
  dir = await mkdtemp(path.join(os.tmpdir(), 'ampfleet-provision-'));
  deps = {
    issuer: localSiteBoxIssuer({ caDir: path.join(dir, 'ca'), mqttUrl: 'mqtts://192.168.0.10:8883' }),
    unitTemplate: await readEdgeUnitTemplate(),
  };
  const station = anAmtron({ id: `${SITE}-st` });
  await createSite(ctx(), {
    from: 'import',
    site: aSite({ id: SITE, name: 'Provisioned', stations: [station] }),
  });
}, 120_000);
afterAll(async () => {
  await store.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('provision a site box', () => {
  it('as an org admin: config of the stored site, a CA-signed certificate, passwords matching the hashes, an audit entry', async () => {
    const box = await provisionSiteBox(ctx(), { siteId: SITE }, deps);
    expect(box).toMatchObject({ mode: 'local', siteId: SITE, orgId: ORG, chargePoints: 1 });
    expect(box.files.map((f) => [f.name, f.mode])).toEqual([
      ['site-edge.json', 0o600],
      ['certs/site.crt', 0o644],
      ['certs/site.key', 0o600],
      ['certs/ca.crt', 0o644],
      ['charge-point-passwords.json', 0o600],
      ['ampfleet-edge.service', 0o644],
    ]);
    const config = parseEdgeConfig(JSON.parse(fileOf(box, 'site-edge.json')));
    expect(config).toMatchObject({ orgId: ORG, siteId: SITE, mqtt: { url: 'mqtts://192.168.0.10:8883' } });
    expect(config.mqtt.tls?.keyFile).toBe('/etc/ampfleet/certs/site.key');
    const passwords = JSON.parse(fileOf(box, 'charge-point-passwords.json')) as Record<string, string>;
    const [cp] = config.ocpp.chargePoints;
    expect(cp && (await verifyPassword(Buffer.from(passwords[cp.id] ?? ''), cp.passwordHash))).toBe(true);
    expect(fileOf(box, 'site-edge.json')).not.toContain(passwords[cp?.id ?? ''] ?? '-');
    const cert = new X509Certificate(fileOf(box, 'certs/site.crt'));
    expect(cert.subject).toBe(`CN=${SITE}`);
    expect(cert.verify(new X509Certificate(fileOf(box, 'certs/ca.crt')).publicKey)).toBe(true);
    const audit = await forOrg(ORG, fleet).auditTrail.list({ action: 'site.provision', limit: 10 });
    expect(audit.items.map((e) => [e.siteId, e.actorLabel])).toEqual([[SITE, aUser(ORG, 'org-admin').email]]);
  });

  it('as a .tar.gz that tar unpacks into one directory, the key and passwords 0600', async () => {
    const box = await provisionSiteBox(ctx(), { siteId: SITE }, deps);
    const archive = path.join(dir, 'bundle.tar.gz');
    await writeFile(archive, edgeBundleArchive('edge-bundle-prov-1', box.files, new Date()));
    const out = path.join(dir, 'unpacked');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['xzf', archive, '-C', out]);
    for (const f of box.files) {
      const file = path.join(out, 'edge-bundle-prov-1', f.name);
      expect(await readFile(file, 'utf8')).toBe(f.text);
      expect((await stat(file)).mode & 0o777).toBe(f.mode);
    }
  });

  it('again: new certificate, key and passwords (a rotation); nothing secret is stored in the table', async () => {
    const first = await provisionSiteBox(ctx(), { siteId: SITE }, deps);
    const second = await provisionSiteBox(ctx(), { siteId: SITE }, deps);
    for (const name of ['certs/site.crt', 'certs/site.key', 'charge-point-passwords.json'])
      expect(fileOf(second, name)).not.toBe(fileOf(first, name));
    const items = JSON.stringify(await store.scanAll());
    const passwords = Object.values(
      JSON.parse(fileOf(second, 'charge-point-passwords.json')) as Record<string, string>,
    );
    for (const secret of [fileOf(second, 'certs/site.key'), ...passwords])
      expect(items).not.toContain(secret);
    expect(items).not.toContain('PRIVATE KEY');
  });

  it("only organisation admins; another organisation's site is not found", async () => {
    for (const principal of [
      aUser(ORG, 'fleet-manager'),
      aUser(ORG, 'viewer'),
      anApiKey(ORG, ['read', 'commands', 'configuration']),
    ])
      await expect(provisionSiteBox(ctx(principal), { siteId: SITE }, deps)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    await expect(
      provisionSiteBox(ctx(aUser('org-other', 'org-admin'), 'org-other'), { siteId: SITE }, deps),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
