// doctor: what stands in a database, read only.

import { doctor as doctorOf, type DoctorReport } from '../ops/doctor.js';
import { resolveSets, type SetChoice } from './sets.js';
import { withTarget, type TargetLike } from './target.js';

export type { DoctorReport };

/** Table sizes, index use, connections and where each set stands (the sets chosen, or those recorded). */
export async function doctor(target: TargetLike | undefined, opts: SetChoice = {}): Promise<DoctorReport> {
  return withTarget(target, async (conn) => doctorOf(conn, await resolveSets(opts, conn)), { readOnly: true });
}
