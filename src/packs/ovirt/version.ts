// oVirt's version of an upgrade script, as schema.sh reads it: the first 10 characters of the
// file name without the underscores, so 04_05_0330_add_x.sql is 04050330.

import { basename } from 'node:path';
import { VoipdbError } from '../../core/errors.js';

// schema.sh reads only the first 10 characters: 04_02_0570-remove-x.sql is a valid name too.
const NAME = /^\d{2}_\d{2}_\d{4}.*\.sql$/;

/** 04_05_0330_x.sql -> '04050330'. */
export function ovirtVersion(file: string): string {
  return basename(file).slice(0, 10).replace(/_/g, '');
}

/** The version of an upgrade script, or a clear error when the name breaks MM_mm_nnnn_Name.sql. */
export function upgradeVersion(file: string, where: string): string {
  const name = basename(file);
  if (!NAME.test(name)) {
    throw new VoipdbError('usage', `${name} does not follow the MM_mm_nnnn_Name.sql naming of oVirt upgrade scripts`, {
      where,
      hint: `rename it to <major>_<minor>_<nnnn>_<name>.sql (e.g. 04_05_0010_add_column.sql), or move it out of upgrade/`,
    });
  }
  return ovirtVersion(name);
}

/** The series schema.sh checks gaps within: major and minor (04050330 -> '0405'). */
export function seriesOf(version: string): string {
  return version.slice(0, 4);
}

/** The largest step schema.sh accepts between consecutive scripts of one series. */
export const MAX_GAP = 10;

/** 'MM_mm' of a version: '04050330' -> '04_05'. */
export function seriesLabel(version: string): string {
  return `${version.slice(0, 2)}_${version.slice(2, 4)}`;
}

/** '04_01' or '0401' -> '0401': the series a squash folds. */
export function parseSeries(spec: string): string | undefined {
  const m = /^(\d{2})_?(\d{2})$/.exec(spec.trim());
  return m ? m[1]! + m[2]! : undefined;
}
