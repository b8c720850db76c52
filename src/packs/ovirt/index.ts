/**
 * Pack `ovirt`: a PostgreSQL `dbscripts` tree kept with oVirt's upgrade discipline (ovirt-engine's
 * packaging/dbscripts, or a project's own), run as it is — base files for a clean install,
 * upgrade/MM_mm_nnnn_Name.sql, pre_upgrade/ and post_upgrade/ hooks, views and *_sp.sql dropped
 * and recreated around the upgrade, `schema_version` kept as schema.sh keeps it — plus the
 * fn_db_* helpers (PostgreSQL functions, and operations for any dialect) and `squash`.
 *
 * Options: dir=<dbscripts> (required), name=<set name> (default 'ovirt'),
 * tempFunctions=fail|drop (a __temp_ function left by a script: fail it, or drop it with a warning).
 */

import { VoipdbError } from '../../core/errors.js';
import type { Connection } from '../../db/connection.js';
import type { Detected, Pack } from '../../engine/types.js';
import { readOvirtCurrent } from './schema-version.js';
import { OVIRT_SET, ovirtSet } from './set.js';
import type { TempFunctionRule } from './temp-functions.js';

export { adoptOvirt, type AdoptResult } from './adopt.js';
export { ovirtApply, type ApplyResult } from './apply.js';
export * as configOps from './config-ops.js';
export { HELPERS, helpersFor } from './helpers.js';
export { readOvirtCurrent, readSchemaVersion, SchemaVersion } from './schema-version.js';
export { ovirtSet, ovirtSetFromTree, OVIRT_SET } from './set.js';
export { squash, scratchFrom, compareDatabases, type SquashOptions, type SquashResult } from './squash.js';
export { readTree, type OvirtTree } from './tree.js';
export { ovirtVersion } from './version.js';

export const ovirtPack: Pack = {
  name: 'ovirt',
  description:
    'oVirt-style dbscripts trees: schema_version, fn_db_* helpers, views and procedures around the upgrade, squash',
  sets(options = {}) {
    const dir = options.dir;
    if (typeof dir !== 'string' || !dir) {
      throw new VoipdbError('usage', 'the ovirt pack needs the dbscripts directory', {
        hint: 'voipdb upgrade --pack ovirt --option dir=/usr/share/ovirt-engine/dbscripts',
      });
    }
    const rule = options.tempFunctions === 'drop' ? 'drop' : ('fail' as TempFunctionRule);
    return [ovirtSet(dir, { name: typeof options.name === 'string' ? options.name : OVIRT_SET, tempFunctions: rule })];
  },
  async detect(conn: Connection): Promise<Detected[] | undefined> {
    const version = await readOvirtCurrent(conn).catch(() => undefined);
    return version ? [{ set: OVIRT_SET, version }] : undefined;
  },
};

export default ovirtPack;
