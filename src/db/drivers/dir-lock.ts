// An embedded database directory belongs to one process at a time. The lock file holds the
// owner's pid; a lock whose process is gone is stale and taken over.

import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { VoipdbError } from '../../core/errors.js';
import type { Target } from '../url.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function lockDirectory(dir: string, target: Target, timeoutMs: number): Promise<() => void> {
  const file = join(dir, '.voipdb.lock');
  const start = Date.now();
  let told = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => {
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = Number(readFileSync(file, 'utf8').trim());
    if (!owner || !alive(owner) || owner === process.pid) {
      try {
        unlinkSync(file);
      } catch {
        /* another process took it first */
      }
      continue;
    }
    if (!told) {
      process.stderr.write(`voipdb: waiting for process ${owner}, which has ${dir} open\n`);
      told = true;
    }
    if (Date.now() - start > timeoutMs) {
      throw new VoipdbError('lock-timeout', `the embedded database ${dir} is in use by process ${owner}`, { where: target.display, hint: `wait for process ${owner} to finish, then run the command again` });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
