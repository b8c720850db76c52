// A lock file naming its owner, for what a server lock cannot cover: an embedded database
// directory (PGlite) and a SQLite file's upgrade run. The owner is its host, pid and the
// process's start time, so a pid reused by another program never passes for the owner. A lock
// whose process is gone is stale and taken over — by one process only: the take-over itself
// happens under a second, short-lived lock (mkdir is atomic).

import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';

export interface LockOwner {
  host: string;
  pid: number;
  /** Start time of the process (Linux clock ticks since boot), when known. */
  start?: string;
}

/** A process's start time, from /proc (Linux); undefined elsewhere or when it is gone. */
function startOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const me = (): LockOwner => ({ host: hostname(), pid: process.pid, start: startOf(process.pid) });

function alive(o: LockOwner): boolean {
  if (o.host !== hostname()) return true; // another machine's process: it cannot be checked from here
  try {
    process.kill(o.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = startOf(o.pid);
  return !o.start || !start || start === o.start;
}

function read(file: string): LockOwner | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    if (/^\d+$/.test(text)) return { host: hostname(), pid: Number(text) }; // written by an older voipdb
    const o = JSON.parse(text) as LockOwner;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
}

const isMe = (o: LockOwner | undefined) => !!o && o.host === hostname() && o.pid === process.pid;

/** The live owner of a lock file, or undefined when free or stale. */
export function lockFileHolder(file: string): LockOwner | undefined {
  const o = read(file);
  return o && alive(o) ? o : undefined;
}

/** The live owner's pid (undefined when free or stale). */
export function lockFileOwner(file: string): number | undefined {
  return lockFileHolder(file)?.pid;
}

/** "process 123 on host (started …)" for messages. */
export function describeOwner(o: LockOwner | undefined): string {
  return o ? `process ${o.pid} on ${o.host}` : 'another process';
}

function link(file: string): boolean {
  // Written aside, then linked into place: the lock never exists without its owner in it.
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  writeSync(fd, JSON.stringify(me()));
  closeSync(fd);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  } finally {
    unlinkSync(tmp);
  }
}

/** Remove a stale lock, one process at a time; false when another is taking it over. */
function takeOver(file: string): boolean {
  const guard = `${file}.takeover`;
  try {
    mkdirSync(guard);
  } catch {
    // A guard left by a process killed in these few lines is old: clear it for the next try.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 10_000) rmdirSync(guard);
    } catch {
      /* gone already */
    }
    return false;
  }
  try {
    const o = read(file);
    if (o && alive(o)) return false;
    try {
      unlinkSync(file);
    } catch {
      /* removed already */
    }
    return link(file);
  } finally {
    rmdirSync(guard);
  }
}

/** Take the lock if free (or stale); false when a live process holds it. */
export function tryLockFile(file: string): boolean {
  if (link(file)) return true;
  const o = read(file);
  if (isMe(o)) return true;
  if (o && alive(o)) return false;
  return takeOver(file);
}

export function releaseLockFile(file: string): void {
  try {
    if (isMe(read(file))) unlinkSync(file);
  } catch {
    /* already gone */
  }
}
