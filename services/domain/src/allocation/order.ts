// Stable ordering of indices by a numeric key without comparator calls: the distinct keys (from a
// small table when there are few, else a native sort), then a counting sort by their rank. Used for
// the FIFO order (plug-in times) and the water-fill's event order (min and max currents).

/** Up to this many distinct keys are collected in a small table instead of sorting every key. */
const FEW_KEYS = 16;

/**
 * The distinct keys of the included indices, ascending (in the first m slots). Min and max currents
 * take a handful of values (6, 8, 10, 16, 32 A …), so a linear scan of a small table, with the last
 * key remembered, replaces an n·log n sort; past FEW_KEYS distinct keys, every key is sorted instead.
 */
function distinctKeys(
  keys: Float64Array,
  included: (i: number) => boolean,
): { values: Float64Array; m: number } {
  const table = new Float64Array(FEW_KEYS);
  let m = 0;
  let last = NaN;
  let few = true;
  for (let i = 0; i < keys.length && few; i++) {
    if (!included(i)) continue;
    const key = keys[i] ?? 0;
    if (key === last) continue;
    last = key;
    let j = 0;
    while (j < m && table[j] !== key) j++;
    if (j < m) continue;
    if (m === FEW_KEYS) few = false;
    else table[m++] = key;
  }
  if (few) return { values: table.subarray(0, m).sort(), m };
  let count = 0;
  for (let i = 0; i < keys.length; i++) count += included(i) ? 1 : 0;
  const values = new Float64Array(count);
  for (let i = 0, k = 0; i < keys.length; i++) if (included(i)) values[k++] = keys[i] ?? 0;
  values.sort();
  m = 0;
  for (let k = 0; k < count; k++) if (k === 0 || values[k] !== values[m - 1]) values[m++] = values[k] ?? 0;
  return { values, m };
}

export interface KeyOrder {
  /** The included indices, ascending by key; equal keys keep index order. */
  readonly order: Int32Array;
  /** Runs of equal keys: the r-th distinct key's indices are order[groupStart[r] .. groupStart[r+1]). */
  readonly groupStart: Int32Array;
}

/** Indices i with open[i] === 1 (all of them without `open`), stably ordered by keys[i]. */
export function orderByKey(keys: Float64Array, open?: Uint8Array): KeyOrder {
  const included = open === undefined ? () => true : (i: number) => open[i] === 1;
  const { values, m } = distinctKeys(keys, included);
  let count = 0;
  const rank = new Int32Array(keys.length);
  const groupStart = new Int32Array(m + 1);
  for (let i = 0; i < keys.length; i++) {
    if (!included(i)) continue;
    count++;
    const key = keys[i] ?? 0;
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[mid] ?? 0) < key) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
    groupStart[lo + 1] = (groupStart[lo + 1] ?? 0) + 1;
  }
  for (let r = 0; r < m; r++) groupStart[r + 1] = (groupStart[r + 1] ?? 0) + (groupStart[r] ?? 0);
  const order = new Int32Array(count);
  const next = groupStart.slice(0, m);
  for (let i = 0; i < keys.length; i++) {
    if (!included(i)) continue;
    const r = rank[i] ?? 0;
    const k = next[r] ?? 0;
    order[k] = i;
    next[r] = k + 1;
  }
  return { order, groupStart };
}
