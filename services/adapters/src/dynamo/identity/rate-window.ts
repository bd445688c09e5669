import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableKeys } from '@ampfleet/domain';

// A fixed-window counter in the table, so every console/API instance (many Lambdas in AWS) shares it.
// One atomic ADD per counted event; the item expires through the TTL attribute after its window.

export interface RateWindowHit {
  count: number;
  /** Seconds until the window ends (what a 429's Retry-After says). */
  retryAfterS: number;
}

/** Adds `add` (1 = count an event, 0 = only read) to the current window's count and returns it. */
async function addToRateWindow(
  doc: DynamoDBDocumentClient,
  table: string,
  subject: string,
  windowS: number,
  nowEpochS: number,
  add: 0 | 1,
): Promise<RateWindowHit> {
  const start = Math.floor(nowEpochS / windowS) * windowS;
  const { Attributes } = await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: tableKeys.rateWindow(subject, start),
      UpdateExpression: 'ADD #count :add SET expiresAt = if_not_exists(expiresAt, :exp)',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':add': add, ':exp': start + windowS + 60 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return { count: Number(Attributes?.count ?? add), retryAfterS: Math.max(1, start + windowS - nowEpochS) };
}

export const hitRateWindow = (
  doc: DynamoDBDocumentClient,
  table: string,
  subject: string,
  windowS: number,
  nowEpochS: number,
) => addToRateWindow(doc, table, subject, windowS, nowEpochS, 1);

/** The count of the current window without adding to it. */
export const peekRateWindow = (
  doc: DynamoDBDocumentClient,
  table: string,
  subject: string,
  windowS: number,
  nowEpochS: number,
) => addToRateWindow(doc, table, subject, windowS, nowEpochS, 0);
