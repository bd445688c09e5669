import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { MemberView, tableKeys } from '@ampfleet/domain';
import { queryAll, withoutKeys } from '../items';

// Members of an organisation: one item per person under the org's MEMBERS partition.

export async function getMember(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  userId: string,
): Promise<MemberView | undefined> {
  const { Item } = await doc.send(
    new GetCommand({ TableName: table, Key: tableKeys.member(orgId, userId), ConsistentRead: true }),
  );
  return Item ? MemberView.parse(withoutKeys(Item)) : undefined;
}

export async function listMembers(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
): Promise<MemberView[]> {
  const { pk, skPrefix } = tableKeys.orgMembers(orgId);
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
  });
  return items.map((i) => MemberView.parse(withoutKeys(i)));
}

/** Adds a member; false if the person is a member already (nothing written). */
export async function putMember(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  member: MemberView,
): Promise<boolean> {
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...tableKeys.member(orgId, member.userId), entity: 'MEMBER', ...member },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

/** Changes role and sites of an existing member; undefined if there is no such member. */
export async function updateMember(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  change: Pick<MemberView, 'userId' | 'role' | 'siteIds'>,
): Promise<MemberView | undefined> {
  try {
    const { Attributes } = await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: tableKeys.member(orgId, change.userId),
        UpdateExpression: 'SET #role = :role, siteIds = :sites',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':role': change.role, ':sites': change.siteIds },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? MemberView.parse(withoutKeys(Attributes)) : undefined;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw err;
  }
}

export async function deleteMember(
  doc: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  userId: string,
): Promise<MemberView | undefined> {
  const { Attributes } = await doc.send(
    new DeleteCommand({ TableName: table, Key: tableKeys.member(orgId, userId), ReturnValues: 'ALL_OLD' }),
  );
  return Attributes ? MemberView.parse(withoutKeys(Attributes)) : undefined;
}
