// convert: move data from one schema to another across databases (migrate_ser_db).

import {
  convert as convertData,
  converterNames,
  DEFAULT_BATCH_SIZE,
  type ConvertRequest,
  type ConvertSummary,
} from '../convert/index.js';
import { targetOf, type TargetLike } from './target.js';

export type { ConvertSummary };
export { converterNames, DEFAULT_BATCH_SIZE };

/** Convert `from` (never written) into `to` with a converter (`ser`, ...); resumable. */
export async function convert(
  converter: string,
  from: TargetLike,
  to: TargetLike,
  opts: Omit<ConvertRequest, 'converter' | 'from' | 'to'> = {},
): Promise<ConvertSummary> {
  return convertData({ ...opts, converter, from: targetOf(from), to: targetOf(to) });
}
