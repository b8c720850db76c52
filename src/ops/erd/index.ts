// `voipdb erd`: the live schema as an entity-relationship diagram in SVG (laid out by ELK),
// Graphviz DOT or Mermaid, with drift from the sets' applied migrations marked on it.

import { VoipdbError } from '../../core/errors.js';
import type { Connection } from '../../db/connection.js';
import { driftOfDatabase, expectedModelOf } from '../../engine/drift.js';
import type { SetState } from '../../engine/planner.js';
import { status } from '../../engine/status.js';
import type { ScriptSet } from '../../engine/types.js';
import { introspect } from '../../schema/introspect/index.js';
import { emptyModel, type Model } from '../../schema/types.js';
import { renderDot } from './dot.js';
import { layout, type LayoutOptions } from './layout.js';
import { renderMermaid } from './mermaid.js';
import { erdModel, type ErdModel } from './model.js';
import { renderSvg } from './svg.js';

export type { ErdModel, ErdTable, ErdColumn, ErdLink, ErdGroup, DriftMark } from './model.js';
export { erdModel } from './model.js';

export type ErdFormat = 'svg' | 'dot' | 'mermaid';
export const ERD_FORMATS: ErdFormat[] = ['svg', 'dot', 'mermaid'];

export interface ErdOptions extends LayoutOptions {
  format?: ErdFormat;
  /** Only these tables; a name the database does not have is refused. */
  tables?: string[];
  /** Only the tables the given sets own (for `--set`). */
  onlyOwned?: boolean;
  /** Mark drift (default true): needs the sets' applied migrations as a model. */
  drift?: boolean;
  /** States already read (the report passes its own, to read the history once). */
  states?: SetState[];
}

export interface ErdResult {
  format: ErdFormat;
  text: string;
  model: ErdModel;
}

/** The model the sets' applied migrations build, merged (what drift compares against). */
export function expectedModel(states: SetState[]): Model {
  const m = emptyModel();
  for (const st of states) {
    const x = expectedModelOf(st);
    if (x) Object.assign(m.tables, x.tables);
  }
  return m;
}

/** The diagram's model, drift marked, for `erd` and the report. */
export async function diagramModel(conn: Connection, states: SetState[], opts: ErdOptions = {}): Promise<ErdModel> {
  const live = await introspect(conn);
  if (opts.tables?.length) {
    const unknown = opts.tables.filter((t) => !live.tables[t]);
    if (unknown.length) {
      throw new VoipdbError('usage', `no table ${unknown.join(', ')} in this database`, {
        where: conn.target.display,
        hint: `voipdb erd --format mermaid lists the tables there are (${Object.keys(live.tables).length})`,
      });
    }
  }
  const drift = opts.drift === false ? [] : (await driftOfDatabase(conn, states)).differences;
  return erdModel(conn, live, states, {
    tables: opts.tables,
    onlyOwned: opts.onlyOwned,
    drift,
    expected: expectedModel(states),
  });
}

/** Draw a model in a format. */
export async function renderErd(model: ErdModel, format: ErdFormat = 'svg', opts: LayoutOptions = {}): Promise<string> {
  if (format === 'dot') return renderDot(model);
  if (format === 'mermaid') return renderMermaid(model);
  return renderSvg(await layout(model, opts));
}

/** The live schema of `conn` as a diagram; `sets` say who owns which table and what drift is. */
export async function erd(conn: Connection, sets: ScriptSet[], opts: ErdOptions = {}): Promise<ErdResult> {
  const format = opts.format ?? 'svg';
  if (!ERD_FORMATS.includes(format)) {
    throw new VoipdbError('usage', `unknown diagram format "${format}"`, {
      hint: `choose one of ${ERD_FORMATS.join(', ')}`,
    });
  }
  const states = opts.states ?? (await status(conn, sets));
  const model = await diagramModel(conn, states, opts);
  return { format, text: await renderErd(model, format, opts), model };
}
