// An embedded database directory belongs to one process at a time: a second one waits.

import { join } from 'node:path';
import { VoipdbError } from '../../core/errors.js';
import { lockFileOwner, releaseLockFile, tryLockFile } from '../lock-file.js';
import type { Target } from '../url.js';

export async function lockDirectory(dir: string, target: Target, timeoutMs: number): Promise<() => void> {
  const file = join(dir, '.voipdb.lock');
  const start = Date.now();
  let told = false;
  while (!tryLockFile(file)) {
    const owner = lockFileOwner(file);
    if (!told) {
      process.stderr.write(`voipdb: waiting for process ${owner}, which has ${dir} open\n`);
      told = true;
    }
    if (Date.now() - start > timeoutMs) {
      throw new VoipdbError('lock-timeout', `the embedded database ${dir} is in use by process ${owner}`, {
        where: target.display,
        hint: `wait for process ${owner} to finish, then run the command again`,
      });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const release = () => releaseLockFile(file);
  process.once('exit', release);
  return release;
}
