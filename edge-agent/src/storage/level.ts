import { ClassicLevel } from 'classic-level';

// Every on-disk store of the agent (journal, transaction ledger, command store, upstream queue) is a
// classic-level (LevelDB) database opened here, with small caches: they hold little and are read
// rarely, and LevelDB's defaults (8 MiB block cache + 4 MiB write buffer each) would cost the agent
// ~50 MB of RSS across four stores on a small site box.
export function openLevel(dir: string): ClassicLevel<string, string> {
  return new ClassicLevel<string, string>(dir, {
    valueEncoding: 'utf8',
    cacheSize: 1024 * 1024,
    writeBufferSize: 1024 * 1024,
  });
}
