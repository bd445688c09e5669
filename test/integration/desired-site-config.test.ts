import { putDesiredSiteConfig, readFleet } from '@ampfleet/adapters';
import { Site, tableKeys } from '@ampfleet/domain';
import { demoSites } from '@ampfleet/local';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore, type TestStore } from '../support/dynamo';

// The desired site configuration in DynamoDB Local: one item per site, the Site JSON without credentials.
let store: TestStore;
beforeAll(async () => {
  store = await startTestStore('ampfleet-site-config');
});
afterAll(() => store.stop());

describe('putDesiredSiteConfig', () => {
  it('stores the site under CONFIG#DESIRED, parseable as a Site, credentials stripped, replaced whole', async () => {
    const site = demoSites[0]!;
    const station = site.stations[0]!;
    const withSecret: Site = {
      ...site,
      stations: [
        {
          ...station,
          ecus: station.ecus.map((e) => ({ ...e, credentials: { user: 'operator', password: 'pw-123456' } })),
        },
        ...site.stations.slice(1),
      ],
    };
    await putDesiredSiteConfig(store.clients.doc, store.table, 'org-a', withSecret);
    const key = tableKeys.desiredSiteConfig('org-a', site.id);
    expect(key).toEqual({ pk: `ORG#org-a#SITE#${site.id}`, sk: 'CONFIG#DESIRED' });
    const read = async () =>
      (await store.clients.doc.send(new GetCommand({ TableName: store.table, Key: key }))).Item;
    const item = await read();
    expect(JSON.stringify(item)).not.toContain('pw-123456');
    expect(Site.parse(item?.site)).toEqual(Site.parse({ ...site, stations: site.stations }));
    // A second save replaces the first; the fleet view (org index) does not list the config item.
    await putDesiredSiteConfig(store.clients.doc, store.table, 'org-a', { ...site, name: 'Renamed' });
    expect((await read())?.site).toMatchObject({ name: 'Renamed' });
    expect((await readFleet(store.clients.doc, store.table, 'org-a')).sites).toEqual([]);
  });
});
