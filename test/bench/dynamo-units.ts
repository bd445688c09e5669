// DynamoDB's billing rules for one written item, from its image before and after the write — what the
// cost bench needs and DynamoDB Local does not report (it answers a flat 4 WCU per transaction and
// nothing for indexes). Sources: Developer Guide, "Item sizes and formats" (attribute names count;
// numbers ~1 byte per 2 significant digits + 1; maps and lists 3 bytes + 1 per element) and
// "Provisioned throughput considerations for global secondary indexes" (an index is written only
// when the write changes the item's index keys or a projected attribute: 1 write to add, change or
// remove the index entry, 2 when an index key changes; the index entry's size = its projected
// attributes + 100 bytes).
import { tableKeySchema } from '@ampfleet/domain';

export type Image = Record<string, unknown> | undefined;

function valueSize(v: unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (typeof v === 'number') {
    const digits = String(Math.abs(v))
      .replace(/[.-]|e.*$/g, '')
      .replace(/^0+/, '').length;
    return Math.ceil(Math.max(1, digits) / 2) + 1;
  }
  if (typeof v === 'boolean' || v === null || v === undefined) return 1;
  if (Array.isArray(v)) return 3 + v.reduce((n: number, x) => n + valueSize(x) + 1, 0);
  if (v instanceof Set) return [...(v as Set<unknown>)].reduce((n: number, x) => n + valueSize(x), 0);
  if (typeof v === 'object')
    return (
      3 +
      Object.entries(v as Record<string, unknown>).reduce(
        (n, [k, x]) => n + Buffer.byteLength(k) + valueSize(x) + 1,
        0,
      )
    );
  return 0;
}

/** An item's size as DynamoDB bills it (names + values). */
export function itemSize(item: Image): number {
  if (!item) return 0;
  return Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueSize(v), 0);
}

const KB = 1024;
const unitsOf = (bytes: number) => Math.max(1, Math.ceil(bytes / KB));

/** Write units of the table write itself: 1 per KB of the larger image, doubled in a transaction. */
export function tableWriteUnits(before: Image, after: Image, transactional: boolean): number {
  return unitsOf(Math.max(itemSize(before), itemSize(after))) * (transactional ? 2 : 1);
}

type IndexDef = (typeof tableKeySchema.globalSecondaryIndexes)[number];

function indexEntry(item: Image, index: IndexDef): Record<string, unknown> | undefined {
  if (!item || item[index.partitionKey] === undefined || item[index.sortKey] === undefined) return undefined;
  const keys = [tableKeySchema.partitionKey, tableKeySchema.sortKey, index.partitionKey, index.sortKey];
  // An index declared without a projection is ALL (DynamoDB's and CDK's default for a new index).
  if (((index as { projection?: string }).projection ?? 'ALL') === 'ALL') return item;
  return Object.fromEntries(keys.map((k) => [k, item[k]]));
}

const same = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify(Object.entries(a).sort(([x], [y]) => x.localeCompare(y))) ===
  JSON.stringify(Object.entries(b).sort(([x], [y]) => x.localeCompare(y)));

/** Write units the table's indexes take for one item's change (every index of tableKeySchema). */
export function indexWriteUnits(before: Image, after: Image): number {
  let units = 0;
  for (const index of tableKeySchema.globalSecondaryIndexes) {
    const was = indexEntry(before, index);
    const is = indexEntry(after, index);
    const size = (e: Record<string, unknown> | undefined) => unitsOf(itemSize(e) + 100);
    if (!was && !is) continue;
    if (!was || !is) units += size(was ?? is);
    else if (was[index.partitionKey] !== is[index.partitionKey] || was[index.sortKey] !== is[index.sortKey])
      units += size(was) + size(is);
    else if (!same(was, is)) units += size(is);
  }
  return units;
}
