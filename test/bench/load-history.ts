import { forOrg } from '@ampfleet/adapters';
import { readLoadHistory } from '@ampfleet/app';
import { aUser, EntityType, LOAD_BUCKET_TTL_S, tableKeys } from '@ampfleet/domain';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startTestStore } from '../support/dynamo';
import { percentile, type Report } from './report';

// load.history over 30 days at 1-minute resolution (issue #13 point 9, last row): 30 × 1,440 minute
// buckets of one DLM network seeded in DynamoDB Local, read through the use case (Query paged +
// downsampling to ≤ 1,500 points) — p95 beside a bare paged Query of the same partition and range.

const RUNS = 12;
const now = new Date('2026-11-24T12:00:30.000Z');

export async function benchLoadHistory(report: Report): Promise<void> {
  const store = await startTestStore('ampfleet-bench-load');
  try {
    const { doc } = store.clients;
    const org = 'org-bench';
    const siteId = 'bench-site';
    const networkId = 'net-1';
    const minutes = 30 * 1440;
    const toMs = Math.floor(now.getTime() / 60_000) * 60_000;
    const items = Array.from({ length: minutes }, (_, i) => {
      const minute = new Date(toMs - i * 60_000).toISOString().slice(0, 16);
      return {
        ...tableKeys.loadBucket(org, siteId, networkId, minute),
        orgId: org,
        siteId,
        networkId,
        minute,
        entity: EntityType.loadBucket,
        expiresAt: Math.floor(Date.parse(`${minute}:00Z`) / 1000) + LOAD_BUCKET_TTL_S,
        drawn: { l1: 20, l2: 21, l3: 19 },
        limit: { l1: 63, l2: 63, l3: 63 },
        dN: 2,
        dS1: 40 + (i % 7),
        dS2: 42,
        dS3: 38,
        mN: 2,
        mS1: 60,
        mS2: 58,
        mS3: 61,
        pN: 2,
        pS: 30_000,
      };
    });
    for (let i = 0; i < items.length; i += 25)
      await doc.send(
        new BatchWriteCommand({
          RequestItems: { [store.table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
    // The site item, so the use case finds the site (its existence check).
    await doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [store.table]: [
            { PutRequest: { Item: { ...tableKeys.site(org, siteId), orgId: org, siteId, entity: 'SITE' } } },
          ],
        },
      }),
    );
    const ctx = {
      repos: forOrg(org, { doc, table: store.table }),
      clock: { now: () => now },
      principal: aUser(org),
    };
    const useCase = async () => {
      const h = await readLoadHistory(ctx, { siteId, range: '30d', networkId, resolution: 'minute' });
      return h.networks[0]?.points.length ?? 0;
    };
    const bareQuery = async () => {
      let count = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(
          new QueryCommand({
            TableName: store.table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': tableKeys.networkLoad(org, siteId, networkId).pk,
              ':from': items[items.length - 1]!.minute,
              ':to': items[0]!.minute,
            },
            ...(start && { ExclusiveStartKey: start }),
          }),
        );
        count += out.Items?.length ?? 0;
        start = out.LastEvaluatedKey;
      } while (start);
      return count;
    };
    const time = async (f: () => Promise<number>) => {
      const samples: number[] = [];
      let last = 0;
      await f(); // warm-up
      for (let r = 0; r < RUNS; r++) {
        const t = performance.now();
        last = await f();
        samples.push(performance.now() - t);
      }
      return { p95: percentile(samples, 95), last };
    };
    const engine = await time(useCase);
    const reference = await time(bareQuery);
    report({
      name: 'load.history 30 d at 1 min, p95 (DynamoDB Local)',
      n: RUNS,
      engineMedianMs: engine.p95,
      referenceMedianMs: reference.p95,
      ratio: reference.p95 / engine.p95,
      note: `${minutes} minute buckets → ${engine.last} points; reference: bare paged Query of the same ${reference.last} items (p95 both)`,
    });
  } finally {
    await store.stop();
  }
}
