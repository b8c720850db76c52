// online: big-table changes while services run.

import { VoipdbError } from '../core/errors.js';
import {
  addColumn,
  addSerialPrimaryKey,
  applyAhead,
  serialPkSpec,
  type AheadResult,
  type ColumnResult,
  type OnlineOptions,
  type OnlineResult,
} from '../ops/online.js';
import { chosenSets, type SetChoice } from './sets.js';
import { withTarget, type TargetLike } from './target.js';

export type { AheadResult, ColumnResult, OnlineOptions, OnlineResult };

/** `<set>@<version>`: run that pending migration's online form now and record it (upgrade skips it). */
export interface AheadRequest extends OnlineOptions, SetChoice {
  ahead: string;
  installedBy?: string;
}

/** A serial primary key added to a big table, back-filled in batches. */
export interface PrimaryKeyRequest extends OnlineOptions {
  addPrimaryKey: string;
  /** default id */
  column?: string;
  /** Roles given ALL on the new sequence (XiVO: asterisk). */
  grantTo?: string[];
}

/** A column added while writes go on (MySQL/MariaDB: ALGORITHM=INSTANT, else INPLACE with LOCK=NONE). */
export interface ColumnRequest extends OnlineOptions {
  addColumn: string;
  /** The column, e.g. "callee VARCHAR(64) NULL". */
  definition: string;
}

export type OnlineRequest = AheadRequest | PrimaryKeyRequest | ColumnRequest;

export async function online(target: TargetLike | undefined, req: AheadRequest): Promise<AheadResult>;
export async function online(target: TargetLike | undefined, req: PrimaryKeyRequest): Promise<OnlineResult>;
export async function online(target: TargetLike | undefined, req: ColumnRequest): Promise<ColumnResult>;
export async function online(
  target: TargetLike | undefined,
  req: OnlineRequest,
): Promise<AheadResult | OnlineResult | ColumnResult> {
  const r = req as Partial<AheadRequest & PrimaryKeyRequest & ColumnRequest>;
  if ([r.ahead, r.addPrimaryKey, r.addColumn].filter(Boolean).length !== 1) {
    throw new VoipdbError('usage', 'give one of ahead (<set>@<version>), addPrimaryKey or addColumn (<table>)', {
      hint: 'voipdb online --ahead xivo@<revision>, or voipdb online --add-primary-key queue_log',
    });
  }
  if (r.addColumn && !r.definition) {
    throw new VoipdbError('usage', `addColumn ${r.addColumn} needs its definition`, {
      hint: 'voipdb online --add-column cdr --definition "callee VARCHAR(64) NULL"',
    });
  }
  return withTarget(target, async (conn) => {
    if (r.ahead) return applyAhead(conn, await chosenSets(r, conn), r.ahead, r);
    if (r.addColumn) return addColumn(conn, r.addColumn, r.definition!, r);
    return addSerialPrimaryKey(conn, serialPkSpec(r.addPrimaryKey!, r.column ?? 'id', { grantTo: r.grantTo ?? [] }), r);
  });
}
