import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { desiredSiteConfig, tableKeys, type Site } from '@ampfleet/domain';

// The site's desired configuration (item CONFIG#DESIRED under the site): the Site JSON without the
// ECU credentials (desiredSiteConfig), replaced whole on every save.

export async function putDesiredSiteConfig(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  site: Site,
): Promise<void> {
  await doc.send(
    new PutCommand({
      TableName: table,
      Item: {
        ...tableKeys.desiredSiteConfig(orgId, site.id),
        orgId,
        siteId: site.id,
        site: desiredSiteConfig(site),
      },
    }),
  );
}
