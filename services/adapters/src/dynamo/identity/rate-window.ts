import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableKeys } from '@ampfleet/domain';

// A fixed-window counter in the table, so every console/API instance (many Lambdas in AWS) shares it.
// One atomic ADD per counted event; the item expires through the TTL attribute after its window.

export interface RateWindowHit {
  count: number;
  /** Seconds until the window ends (what a 429's Retry-After says). */
  retryAfterS: number;
}

export async function hitRateWindow(
  doc: DynamoDBDocumentClient,
  table: string,
  subject: string,
  windowS: number,
  nowEpochS: number,
): Promise<RateWindowHit> {
  const start = Math.floor(nowEpochS / windowS) * windowS;
  const { Attributes } = await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: tableKeys.rateWindow(subject, start),
      UpdateExpression: 'ADD #count :one SET expiresAt = if_not_exists(expiresAt, :exp)',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':exp': start + windowS + 60 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return { count: Number(Attributes?.count ?? 1), retryAfterS: Math.max(1, start + windowS - nowEpochS) };
}

/** The count of the current window without adding to it. */
export async function peekRateWindow(
  doc: DynamoDBDocumentClient,
  table: string,
  subject: string,
  windowS: number,
  nowEpochS: number,
): Promise<RateWindowHit> {
  const start = Math.floor(nowEpochS / windowS) * windowS;
  const { Attributes } = await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: tableKeys.rateWindow(subject, start),
      UpdateExpression: 'ADD #count :zero SET expiresAt = if_not_exists(expiresAt, :exp)',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':zero': 0, ':exp': start + windowS + 60 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return { count: Number(Attributes?.count ?? 0), retryAfterS: Math.max(1, start + windowS - nowEpochS) };
}
