// Ids for conversations and turns. A conversation id doubles as its file name in the history folder, so every
// id is a safe file name on every platform, and ids sort by creation time so a plain name sort is chronological.
import { randomBytes } from 'node:crypto';

/** What the history store accepts as an id: letters, digits, `_` and `-`, no dots or separators, at most 64. */
export const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id);
}

let lastTime = 0;

/**
 * A new id such as `0192f3a4b5c6-9f1c2d3e4a5b6c7d`: 12 hex digits of epoch milliseconds, then 16 random hex
 * digits. Within one process the time part never repeats or goes backwards (a burst borrows the next
 * millisecond), so ids made later always sort after earlier ones.
 */
export function newId(): string {
  lastTime = Math.max(Date.now(), lastTime + 1);
  const time = lastTime.toString(16).padStart(12, '0');
  return `${time}-${randomBytes(8).toString('hex')}`;
}
