import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode } from '../persistence/file-system.js';
import { writeFileAtomic } from '../persistence/write-file-atomic.js';
import { SelectiveKdError } from '../selective-kd-error.js';
import { ContentHash } from './teacher-output-cache-fingerprint.js';
import type { TeacherOutputStorage } from './teacher-output-cache-storage.js';

export const MANIFEST_FILE = 'teacher-outputs.json';
const FORMAT = 'selective-kd-teacher-outputs';
const VERSION = 1;
/** 'SKDT' read as a little-endian u32. */
const MAGIC = 0x54444b53;
/** u32 fields: magic, version, shard, first row, rows, bytes per row, cache id (2), payload hash (2). */
const HEADER_BYTES = 40;

/** `teacher-outputs.json`: what every shard of the cache holds and which teacher and data it came from. */
export interface TeacherOutputManifest {
  format: typeof FORMAT;
  version: typeof VERSION;
  /** Examples 0 … rows−1. */
  rows: number;
  /** One example's logits, `[...unitDims, C]`. */
  rowShape: number[];
  storage: TeacherOutputStorage;
  bytesPerRow: number;
  /** Shard i (file `shard-<i>.bin`, five digits) holds rows [i·shardRows, (i+1)·shardRows). */
  shardRows: number;
  fingerprint: { teacher: string; data: string };
}

/**
 * The on-disk form of a teacher-output cache, Node only: a manifest plus
 * shards addressed by example index, so that separate teacher passes (other
 * machines, later) can each write their shards. Each shard file starts with
 * a 40-byte header (magic, version, shard index, first row, row count, bytes
 * per row, the manifest's id, a hash of the payload) followed by its rows'
 * records, little-endian. Every file is written atomically (temp file, fsync,
 * rename); the old manifest is removed before any shard is replaced, so a
 * crash mid-write leaves no manifest and the next run recomputes.
 */
export class TeacherOutputCacheDisk {
  constructor(readonly dir: string) {}

  static shardFile(shard: number): string {
    return `shard-${String(shard).padStart(5, '0')}.bin`;
  }

  /** The manifest, or undefined when there is none yet. */
  async readManifest(): Promise<TeacherOutputManifest | undefined> {
    const path = join(this.dir, MANIFEST_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
      throw new SelectiveKdError('INVALID_INPUT', `cannot read the teacher-output manifest '${path}': ${error}`);
    }
    let manifest: Partial<TeacherOutputManifest>;
    try {
      manifest = JSON.parse(text) as Partial<TeacherOutputManifest>;
    } catch (error) {
      throw new SelectiveKdError('INVALID_INPUT', `the teacher-output manifest '${path}' is not valid JSON: ${(error as Error).message}`);
    }
    if (manifest.format !== FORMAT || manifest.version !== VERSION) {
      throw new SelectiveKdError(
        'INVALID_INPUT',
        `'${path}' is not a version-${VERSION} selective-kd teacher-output manifest (format ${JSON.stringify(manifest.format)}, version ${manifest.version})`,
      );
    }
    return manifest as TeacherOutputManifest;
  }

  /** Writes the shards, then the manifest; removes shard files the new manifest does not cover. */
  async write(manifest: TeacherOutputManifest, shards: readonly Uint8Array[]): Promise<void> {
    const id = manifestId(manifest);
    try {
      await mkdir(this.dir, { recursive: true });
      await rm(join(this.dir, MANIFEST_FILE), { force: true });
      for (const [shard, payload] of shards.entries()) {
        const header = new Uint32Array(HEADER_BYTES / 4);
        header.set([MAGIC, VERSION, shard, shard * manifest.shardRows, payload.byteLength / manifest.bytesPerRow, manifest.bytesPerRow]);
        header.set(id, 6);
        header.set(new ContentHash().update(payload).digestWords(), 8);
        const file = new Uint8Array(HEADER_BYTES + payload.byteLength);
        file.set(new Uint8Array(header.buffer), 0);
        file.set(payload, HEADER_BYTES);
        await writeFileAtomic(join(this.dir, TeacherOutputCacheDisk.shardFile(shard)), file);
      }
      await writeFileAtomic(join(this.dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
    } catch (error) {
      throw new SelectiveKdError('INVALID_OPTION', `cannot write the teacher-output cache to '${this.dir}': ${error}`);
    }
    const kept = new Set(shards.map((_, shard) => TeacherOutputCacheDisk.shardFile(shard)));
    const stale = (await readdir(this.dir)).filter((name) => /^shard-\d{5,}\.bin$/.test(name) && !kept.has(name));
    await Promise.all(stale.map((name) => rm(join(this.dir, name), { force: true })));
  }

  /**
   * Shard `shard`'s records, checked against its header and the manifest.
   * Synchronous, so a lazily loaded cache can read a shard inside `gather`.
   */
  readShard(manifest: TeacherOutputManifest, shard: number): Uint8Array {
    const path = join(this.dir, TeacherOutputCacheDisk.shardFile(shard));
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new SelectiveKdError('INVALID_INPUT', `cannot read teacher-output shard '${path}': ${error}`);
    }
    return checkShard(path, bytes, manifest, shard);
  }

  /** Every shard, read in turn. */
  async readAll(manifest: TeacherOutputManifest): Promise<Uint8Array[]> {
    const shards: Uint8Array[] = [];
    for (let shard = 0; shard < Math.ceil(manifest.rows / manifest.shardRows); shard++) {
      const path = join(this.dir, TeacherOutputCacheDisk.shardFile(shard));
      let bytes: Uint8Array;
      try {
        bytes = await readFile(path);
      } catch (error) {
        throw new SelectiveKdError('INVALID_INPUT', `cannot read teacher-output shard '${path}': ${error}`);
      }
      shards.push(checkShard(path, bytes, manifest, shard));
    }
    return shards;
  }
}

/** The payload of a shard file, after checking it is whole, belongs to this manifest and is unchanged. */
function checkShard(path: string, bytes: Uint8Array, manifest: TeacherOutputManifest, shard: number): Uint8Array {
  const corrupt = (why: string) => new SelectiveKdError('INVALID_INPUT', `teacher-output shard '${path}' is corrupt: ${why}; delete the folder to recompute`);
  const rows = Math.min(manifest.shardRows, manifest.rows - shard * manifest.shardRows);
  const expected = HEADER_BYTES + rows * manifest.bytesPerRow;
  if (bytes.byteLength < HEADER_BYTES) throw corrupt(`it has ${bytes.byteLength} bytes, less than its ${HEADER_BYTES}-byte header`);
  // A fresh copy: Node may hand back a slice of a shared pool, not aligned for Float32Array views.
  const aligned = new Uint8Array(bytes.byteLength);
  aligned.set(bytes);
  const header = new Uint32Array(aligned.buffer, 0, HEADER_BYTES / 4);
  if (header[0] !== MAGIC || header[1] !== VERSION) throw corrupt('its header is not a version-1 selective-kd shard header');
  const want = [shard, shard * manifest.shardRows, rows, manifest.bytesPerRow, ...manifestId(manifest)];
  if (want.some((value, i) => header[2 + i] !== value)) {
    throw corrupt(`its header (shard ${header[2]}, rows ${header[3]}+${header[4]}) does not match the manifest (shard ${shard}, rows ${want[1]}+${rows}) or belongs to another cache`);
  }
  if (bytes.byteLength !== expected) throw corrupt(`it has ${bytes.byteLength} bytes; its ${rows} rows need ${expected} (truncated?)`);
  const payload = aligned.subarray(HEADER_BYTES);
  const [lo, hi] = new ContentHash().update(payload).digestWords();
  if (lo !== header[8] || hi !== header[9]) throw corrupt('its records do not match the hash in its header');
  return payload;
}

/** A hash of the manifest, stored in every shard, so a shard of another cache (or an older one) is refused. */
function manifestId(manifest: TeacherOutputManifest): [number, number] {
  return new ContentHash().text(JSON.stringify(manifest)).digestWords();
}
