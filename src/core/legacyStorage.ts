// What earlier versions of Parley kept in the extension's storage and this one no longer writes, and its removal.
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import { errorCode } from './atomicFile';

/**
 * Proposal records (`proposals/<id>.json`): one per proposal and decision, with the files' raw text, unredacted,
 * excluded files included, whatever parley.corrections.record said, and never pruned. Corrections keep what is
 * worth keeping.
 */
export const LEGACY_FOLDERS: readonly string[] = ['proposals'];

/** Deletes the legacy folders under each storage folder; resolves with the paths that were there and are gone. */
export async function removeLegacyRecords(storageDirs: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of new Set(storageDirs)) {
    for (const name of LEGACY_FOLDERS) {
      const target = path.join(dir, name);
      try {
        await nodeFs.lstat(target);
      } catch (err) {
        if (errorCode(err) === 'ENOENT') continue;
        throw err;
      }
      await nodeFs.rm(target, { recursive: true, force: true });
      removed.push(target);
    }
  }
  return removed;
}
