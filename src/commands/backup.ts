// backup and restore: one file with the platform's own tool, table groups left without rows or
// kept from this machine.

import { existsSync } from 'node:fs';
import { VoipdbError } from '../core/errors.js';
import { backup as backupOf, type BackupOptions, type BackupResult } from '../ops/backup.js';
import { restore as restoreOf, type RestoreOptions, type RestoreResult } from '../ops/restore.js';
import { groupSettings, type GroupChoice } from './groups.js';
import { withTarget, type TargetLike } from './target.js';

export type { BackupResult, RestoreResult };

export async function backup(
  target: TargetLike | undefined,
  opts: Omit<BackupOptions, 'groups'> & GroupChoice,
): Promise<BackupResult> {
  return withTarget(target, async (conn) =>
    backupOf(conn, { ...opts, groups: (await groupSettings(opts, conn)).groups }),
  );
}

/** Load a backup; a file that is not there is refused before connecting (no empty database made). */
export async function restore(
  target: TargetLike | undefined,
  opts: Omit<RestoreOptions, 'groups' | 'systemConfigGroups'> & GroupChoice,
): Promise<RestoreResult> {
  if (!existsSync(opts.file)) {
    throw new VoipdbError('not-found', `backup file ${opts.file} does not exist`, {
      hint: 'voipdb backup --url <source> -f <file> makes one; give its path with -f',
    });
  }
  return withTarget(target, async (conn) => {
    const g = await groupSettings(opts, conn);
    return restoreOf(conn, { ...opts, groups: g.groups, systemConfigGroups: g.systemConfig });
  });
}
