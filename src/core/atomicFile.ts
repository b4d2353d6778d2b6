// Writing a file so that a crash or power cut leaves either the old text or the new, never half of either: the
// text goes to a temp file beside the target, is flushed to disk, and is renamed over the target.
import { randomBytes } from 'node:crypto';
import type * as nodeFs from 'node:fs/promises';

export type AtomicFileSystem = Pick<typeof nodeFs, 'open' | 'rename' | 'rm'>;

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export async function writeFileAtomically(fs: AtomicFileSystem, target: string, text: string): Promise<void> {
  const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      // Without the flush, a power cut soon after the rename can leave the new name pointing at empty blocks.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameOver(fs, temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** On Windows a virus scanner or indexer briefly holding the target makes rename fail with EPERM/EBUSY; retry. */
async function renameOver(fs: AtomicFileSystem, from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      const transient = ['EPERM', 'EACCES', 'EBUSY'].includes(errorCode(error) ?? '');
      if (process.platform !== 'win32' || !transient || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
  }
}
