// A lock file holding its owner's pid, for what a server lock cannot cover: an embedded
// database directory (PGlite) and a SQLite file's upgrade run. A lock whose process is gone
// is stale and taken over, so a crashed holder never blocks the next run.

import { closeSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockFileOwner(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return pid && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Take the lock if free (or stale); false when a live process holds it. */
export function tryLockFile(file: string): boolean {
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written aside, then linked into place: the lock never exists without its pid in it.
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    try {
      linkSync(tmp, file);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(tmp);
    }
    const owner = lockFileOwner(file);
    if (owner === process.pid) return true;
    if (owner) return false;
    try {
      unlinkSync(file); // stale: its process is gone
    } catch {
      /* another process removed it first */
    }
  }
  return false;
}

export function releaseLockFile(file: string): void {
  try {
    if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
  } catch {
    /* already gone */
  }
}
