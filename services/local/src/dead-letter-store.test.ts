import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterFileError, openDeadLetterStore, type DeadLetter } from './dead-letter-store';

// The local dead-letter store on a real temp directory.

let dir: string;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ampfleet-dls-')), 'dead-letters');
});

const aDeadLetter = (over: Partial<Omit<DeadLetter, 'id'>> = {}): Omit<DeadLetter, 'id'> => ({
  handlerModule: 'ingest-telemetry',
  topic: 'ampfleet/v1/org-a/site-1/telemetry',
  event: { messageId: 'm-1' },
  attempts: 3,
  firstFailureAt: '2026-12-02T10:00:00.000Z',
  deadLetteredAt: '2026-12-02T10:10:00.000Z',
  lastError: 'store unavailable',
  ...over,
});

describe('dead-letter store', () => {
  it('is empty before anything was parked (no directory yet)', async () => {
    expect(await openDeadLetterStore(dir).list()).toEqual([]);
  });

  it('keeps what was put, oldest first, and forgets what was removed', async () => {
    const store = openDeadLetterStore(dir);
    const later = await store.put(aDeadLetter({ deadLetteredAt: '2026-12-02T11:00:00.000Z' }));
    const earlier = await store.put(aDeadLetter());
    expect((await store.list()).map((l) => l.id)).toEqual([earlier.id, later.id]);
    expect(await openDeadLetterStore(dir).list()).toEqual([earlier, later]);
    await store.remove(earlier.id);
    expect(await store.list()).toEqual([later]);
  });

  it('ignores a temp file left by a crash mid-write (it was never renamed into place)', async () => {
    const store = openDeadLetterStore(dir);
    const kept = await store.put(aDeadLetter());
    await writeFile(path.join(dir, '.2026-half.tmp'), '{"id":"half", "hand');
    expect(await store.list()).toEqual([kept]);
    expect((await readdir(dir)).length).toBe(2);
  });

  it('names the file and field of a damaged entry, and refuses an id that is not one', async () => {
    const store = openDeadLetterStore(dir);
    await store.put(aDeadLetter());
    await writeFile(path.join(dir, 'zz.json'), JSON.stringify({ ...aDeadLetter(), id: 'zz', event: [] }));
    await expect(store.list()).rejects.toThrow(DeadLetterFileError);
    await expect(store.list()).rejects.toThrow(/zz\.json: event: expected an object/);
    await expect(store.remove('../escape')).rejects.toThrow(/not a dead-letter id/);
  });
});
