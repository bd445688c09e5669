import { gzipSync } from 'node:zlib';
import type { BundleFile } from './provision-site-box';

// The edge bundle as one download: a gzip'd POSIX ustar archive (`tar xzf` on the box keeps the file
// modes, 0600 for the key and the passwords) under one directory, written here in a few lines rather
// than with a dependency: a bundle is a handful of small text files with short names.

const BLOCK = 512;

function header(name: string, size: number, mode: number, type: '0' | '5', mtimeS: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: name too long: ${name}`);
  const octal = (value: number, width: number) => `${value.toString(8).padStart(width - 1, '0')}\0`;
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii'); // uid
  h.write(octal(0, 8), 116, 'ascii'); // gid
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtimeS, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum, counted as spaces
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** `<root>/` + every file, as .tar.gz bytes. */
export function edgeBundleArchive(root: string, files: readonly BundleFile[], now: Date): Buffer {
  const mtimeS = Math.floor(now.getTime() / 1000);
  const parts: Buffer[] = [];
  const dirs = new Set([
    root,
    ...files.flatMap((f) => (f.name.includes('/') ? [`${root}/${f.name.split('/')[0]}`] : [])),
  ]);
  for (const dir of dirs) parts.push(header(`${dir}/`, 0, 0o700, '5', mtimeS));
  for (const file of files) {
    const body = Buffer.from(file.text, 'utf8');
    parts.push(header(`${root}/${file.name}`, body.length, file.mode, '0', mtimeS), body);
    const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}
