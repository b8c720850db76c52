// The `xivo` pack: XiVO's asterisk database as xivo-manage-db manages it from 14.08 on (alembic
// revisions recorded in `alembic_version`), its table groups (what HA replication and "restore and
// keep system configuration" leave alone), and the legacy numbered scripts with their state files
// (./legacy.ts), which `check` and `upgrade` handle side by side with the versioned set.

import { VoipdbError } from '../../core/errors.js';
import type { Connection } from '../../db/connection.js';
import { dialectOf } from '../../dialect/index.js';
import type { Pack } from '../../engine/types.js';
import { xivoAlembicVersion, xivoSet } from './alembic.js';
import { xivoReplicateExclude, xivoSystemConfig, xivoTableGroups } from './groups.js';
import { xivoRole } from './head.js';
import { legacyBeforeUpgrade, legacyCheck } from './hooks.js';

export { xivoSet, xivoAlembicVersion } from './alembic.js';
export { xivoTableGroups, xivoReplicateExclude, xivoSystemConfig } from './groups.js';
export { legacyStatus, legacyUpgrade, legacyScripts, DEFAULT_STATE_DIR, DEFAULT_MIGRATION_DIR } from './legacy.js';

/** Groups the pack leaves out by default, per operation (read by the replicate / restore commands). */
export const xivoGroupDefaults = { replicateExclude: xivoReplicateExclude, systemConfig: xivoSystemConfig };

export const xivoPack: Pack = {
  name: 'xivo',
  description:
    "XiVO's asterisk database as xivo-init-db 14.08 builds it (alembic revisions of xivo-manage-db), " +
    'HA/network/support/call-center table groups, legacy asterisk-NNN.sql/xivo-NNN.sql scripts; option role=<owner>',
  sets(options = {}) {
    const unknown = Object.keys(options).filter((k) => k !== 'role');
    if (unknown.length) {
      throw new VoipdbError('usage', `the xivo pack has no option ${unknown.join(', ')}`, {
        hint: 'its one option: --option role=asterisk',
      });
    }
    xivoRole(options);
    return [xivoSet];
  },
  defaultSets: ['xivo'],
  // The legacy numbered scripts, before the versioned set (./hooks.ts).
  beforeUpgrade: legacyBeforeUpgrade,
  check: legacyCheck,
  tableGroups: xivoTableGroups,
  groupDefaults: xivoGroupDefaults,
  // A database alembic manages says its revision; one made by the legacy scripts has XiVO's tables.
  async detect(conn: Connection) {
    const v = await xivoAlembicVersion.read!(conn, xivoSet);
    if (v !== undefined) return [{ set: 'xivo', version: v }];
    const d = dialectOf(conn.dialect);
    for (const t of ['userfeatures', 'linefeatures', 'queue_log'])
      if (!(await d.tableExists(conn, t))) return undefined;
    return [{ set: 'xivo', version: null }];
  },
};
