// What `xivo-init-db --init` builds on an empty database, as one fresh-install step: SQLAlchemy
// 0.9.4's create_all over xivo_dao's models, then pg-populate-db (seed rows whose ids come from the
// sequences, the queue_statistics type, the statistics functions and the queue_log trigger). The
// engine then records every revision, as `alembic stamp head` did. XiVO ran on PostgreSQL only.
//
// pg-populate-db gave the type and functions to `asterisk`; here they go to the `role` option when
// given, with the tables and types, and otherwise stay with whoever runs the install (who owns the
// tables, as with XiVO's tools, which connect as asterisk).

import { VoipdbError } from '../../core/errors.js';
import { splitStatements } from '../../schema/sql-split.js';
import type { HeadInstall } from '../../engine/types.js';
import { XIVO_CREATE_ALL, XIVO_POPULATE, XIVO_TABLES } from './schema-14.08.js';

/** A role name as PostgreSQL reads it in `OWNER TO`: bare when plain (as pg-populate-db wrote it). */
function roleSql(role: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(role) ? role : `"${role.replace(/"/g, '""')}"`;
}

const quoteIdent = (t: string) => (/^[a-z_][a-z0-9_]*$/.test(t) && t !== 'user' ? t : `"${t.replace(/"/g, '""')}"`);

export function xivoRole(options: Record<string, unknown>): string | undefined {
  const role = options.role;
  if (role === undefined || role === '') return undefined;
  if (typeof role !== 'string') {
    throw new VoipdbError('usage', 'the xivo option role takes one role name', {
      hint: 'voipdb init --pack xivo --option role=asterisk',
    });
  }
  return role;
}

export const xivoHead: HeadInstall = {
  tables: XIVO_TABLES,
  statements({ dialect, options }) {
    if (dialect !== 'postgres') return undefined;
    const role = xivoRole(options);
    const populate = splitStatements(XIVO_POPULATE)
      .filter((s) => role !== undefined || !/ OWNER TO __OWNER__$/.test(s))
      .map((s) => (role === undefined ? s : s.replace(/ OWNER TO __OWNER__$/, ` OWNER TO ${roleSql(role)}`)));
    // As if create_all had run as the role (XiVO's tools connect as asterisk): tables (with their
    // sequences and indexes), enum types, and the alembic_version the engine made just before.
    const owned =
      role === undefined
        ? []
        : [
            ...['alembic_version', ...XIVO_TABLES].map((t) => `ALTER TABLE ${quoteIdent(t)} OWNER TO ${roleSql(role)}`),
            ...XIVO_CREATE_ALL.flatMap((s) => /^CREATE TYPE (\w+) AS ENUM/.exec(s)?.[1] ?? []).map(
              (t) => `ALTER TYPE ${t} OWNER TO ${roleSql(role)}`,
            ),
          ];
    return [...XIVO_CREATE_ALL, ...populate, ...owned];
  },
};
