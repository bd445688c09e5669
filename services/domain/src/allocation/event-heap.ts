// A binary min-heap of (time, event id, version) in typed arrays, with lazy invalidation: an event
// is stale when its version no longer matches the owner's current version.

export class EventHeap {
  private times: Float64Array;
  private ids: Int32Array;
  private versions: Int32Array;
  size = 0;

  /** `capacity`: the expected number of live entries (it grows by doubling past that). */
  constructor(capacity = 64) {
    const n = Math.max(16, capacity);
    this.times = new Float64Array(n);
    this.ids = new Int32Array(n);
    this.versions = new Int32Array(n);
  }

  push(time: number, id: number, version: number): void {
    if (this.size === this.times.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.times[parent] ?? 0) <= time) break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, time, id, version);
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTime(): number {
    return this.size > 0 ? (this.times[0] ?? Infinity) : Infinity;
  }

  peekId(): number {
    return this.ids[0] ?? -1;
  }

  peekVersion(): number {
    return this.versions[0] ?? -1;
  }

  pop(): void {
    if (this.size === 0) return;
    const last = --this.size;
    const time = this.times[last] ?? 0;
    const id = this.ids[last] ?? 0;
    const version = this.versions[last] ?? 0;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && (this.times[right] ?? 0) < (this.times[left] ?? 0) ? right : left;
      if ((this.times[child] ?? 0) >= time) break;
      this.move(child, i);
      i = child;
    }
    if (last > 0) this.set(i, time, id, version);
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    const ids = new Int32Array(this.ids.length * 2);
    const versions = new Int32Array(this.versions.length * 2);
    times.set(this.times);
    ids.set(this.ids);
    versions.set(this.versions);
    [this.times, this.ids, this.versions] = [times, ids, versions];
  }

  private move(from: number, to: number): void {
    this.set(to, this.times[from] ?? 0, this.ids[from] ?? 0, this.versions[from] ?? 0);
  }

  private set(i: number, time: number, id: number, version: number): void {
    this.times[i] = time;
    this.ids[i] = id;
    this.versions[i] = version;
  }
}
