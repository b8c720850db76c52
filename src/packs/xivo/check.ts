// xivo-check-db 14.08 for the versioned system: `alembic current --head-only`, read as it read it
// ("OK" at head, otherwise "NOK (current revision is X)"). alembic 0.6 says None where there is no
// alembic_version, which xivo-check-db could not parse; voipdb says NOK with it.

import type { Connection } from '../../db/connection.js';
import { xivoAlembicVersion, xivoSet } from './alembic.js';

export interface XivoCheckDb {
  ok: boolean;
  revision: string | null;
  lines: string[];
}

export async function xivoCheckDb(conn: Connection): Promise<XivoCheckDb> {
  const revision = (await xivoAlembicVersion.read!(conn, xivoSet)) ?? null;
  const ok = revision === xivoSet.migrations.at(-1)!.version;
  const status = ok ? 'OK' : `NOK (current revision is ${revision ?? 'None'})`;
  return { ok, revision, lines: ['Checking database...', `\t${status}`] };
}
