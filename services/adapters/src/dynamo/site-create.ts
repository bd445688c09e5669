import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableKeys, type DesiredConfigVersion } from '@ampfleet/domain';
import { itemOf } from './desired-config';
import type { SecretBox } from './secret-box';
import { siteRegistrationUpdate, type SiteRegistration } from './fleet-reader';

// Creating a site (issue #12 point 6): the site item and version 1 of its desired configuration (head and
// version item) in ONE transaction, each conditioned on not existing — a site id the organisation has
// already (registered, or with a configuration) is a conflict and nothing is written; there is never a
// site without its configuration or a configuration without its site.

export async function createSiteWithConfig(
  doc: DynamoDBDocumentClient,
  table: string,
  box: SecretBox,
  site: SiteRegistration,
  record: DesiredConfigVersion,
): Promise<'created' | 'conflict'> {
  const { orgId, siteId } = site;
  const sealed = await box.seal(JSON.stringify(record.secrets), { orgId, siteId });
  const update = siteRegistrationUpdate(table, site);
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: { ...update, ConditionExpression: 'attribute_not_exists(#name)' } },
          {
            Put: {
              TableName: table,
              Item: itemOf(orgId, siteId, record, tableKeys.desiredSiteConfig(orgId, siteId), sealed),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table,
              Item: itemOf(
                orgId,
                siteId,
                record,
                tableKeys.desiredConfigVersion(orgId, siteId, record.version),
                sealed,
              ),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return 'created';
  } catch (err) {
    if ((err as Error).name === 'TransactionCanceledException') return 'conflict';
    throw err;
  }
}
