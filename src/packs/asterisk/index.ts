// Asterisk realtime: the four alembic script sets of contrib/ast-db-manage (config, voicemail,
// cdr, queue_log), revision for revision, with the alembic_version_<set> tables Asterisk's own
// tooling reads kept true.

import type { Connection } from '../../db/connection.js';
import type { Migration, Pack, ScriptSet } from '../../engine/types.js';
import { firstShipped } from './releases.js';
import { cdrRevisions } from './cdr/index.js';
import { ASTERISK_TREES, type AsteriskTree } from './config-ini.js';
import { configRevisions } from './config/index.js';
import { exclusionOf, MODULES } from './modules.js';
import { RELATIONS } from './relations.js';
import { queueLogRevisions } from './queue_log/index.js';
import { AlembicVersionTable } from './version-table.js';
import { voicemailRevisions } from './voicemail/index.js';

export { readAsteriskIni, type AsteriskIni } from './config-ini.js';
export { MODULES } from './modules.js';

const REVISIONS: Record<AsteriskTree, Migration[]> = {
  config: configRevisions,
  voicemail: voicemailRevisions,
  cdr: cdrRevisions,
  queue_log: queueLogRevisions,
};

/**
 * One set per alembic tree. No naming convention: env.py defines one for MSSQL only, through a
 * target_metadata it leaves unset, so unnamed constraints get the server's own names.
 */
function treeSet(tree: AsteriskTree, options: Record<string, unknown>): ScriptSet {
  return {
    name: `asterisk/${tree}`,
    migrations: REVISIONS[tree],
    versionRecords: [new AlembicVersionTable(tree)],
    convention: 'revision',
    releases: { platform: 'Asterisk', firstShipped: firstShipped(tree) },
    options,
  };
}

export const asteriskPack: Pack = {
  name: 'asterisk',
  description: "Asterisk realtime databases: contrib/ast-db-manage's config, voicemail, cdr and queue_log alembic sets",
  /** Option `exclude`: modules of the config set whose tables are left out (see MODULES). */
  sets(options: Record<string, unknown> = {}) {
    const ex = exclusionOf(options.exclude);
    return ASTERISK_TREES.map((tree) => treeSet(tree, tree === 'config' && ex ? { exclude: ex.modules } : {}));
  },
  defaultSets: ASTERISK_TREES.map((t) => `asterisk/${t}`),
  modules: Object.fromEntries(Object.values(MODULES).map((m) => [m.module, m.tables])),
  relations: RELATIONS,
  tableGroups: {
    ...Object.fromEntries(Object.entries(MODULES).map(([name, m]) => [name, m.tables])),
    cdr: ['cdr'],
    queue_log: ['queue_log'],
    voicemail_storage: ['voicemail_messages'],
  },
  /** The revision alembic left in each set's version table (a legacy alembic_version included). */
  async detect(conn: Connection) {
    const found: { set: string; version: string | null }[] = [];
    for (const set of asteriskPack.sets() as ScriptSet[]) {
      for (const vr of set.versionRecords ?? []) {
        const v = await vr.read?.(conn, set);
        if (v !== undefined) found.push({ set: set.name, version: v });
      }
    }
    return found.length ? found : undefined;
  },
};
