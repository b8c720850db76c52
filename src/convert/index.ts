// `voipdb convert` as a library: pick a converter by name, open the source read-only and the
// destination, create the destination's schema from the converter's pack when it is empty, run.

import { VoipdbError } from '../core/errors.js';
import { silent, type EventSink } from '../core/events.js';
import { connect } from '../db/connect.js';
import type { Connection } from '../db/connection.js';
import type { Target } from '../db/url.js';
import { status, upgrade } from '../engine/index.js';
import { runConversion } from './engine.js';
import { openSource } from './source/index.js';
import type { ConvertSummary, Converter, Lookups, OnError } from './types.js';

export type { ConvertSummary, Converter, Lookups, OnError, ConversionStep, StepSummary, RejectedRow } from './types.js';
export { runConversion, DEFAULT_BATCH_SIZE, DEFER_INDEXES_FROM } from './engine.js';

const converters: Record<string, () => Promise<Converter>> = {
  ser: async () => (await import('./ser/index.js')).serConverter,
};

export function converterNames(): string[] {
  return Object.keys(converters).sort();
}

export async function loadConverter(name: string): Promise<Converter> {
  const load = converters[name];
  if (!load)
    throw new VoipdbError('usage', `unknown converter "${name}"`, {
      hint: `voipdb convert ${converterNames().join('|')} --from <url> --to <url>`,
    });
  return load();
}

export interface ConvertRequest {
  converter: string | Converter;
  from: Target;
  to: Target;
  tables?: string[];
  onError?: OnError;
  batchSize?: number;
  deferIndexesFrom?: number;
  lookups?: Lookups;
  events?: EventSink;
  onBatch?(step: string, rowsRead: number): void;
}

/** The same database on the same server (or the same file): converting into it would write the source. */
export function sameDatabase(a: Target, b: Target): boolean {
  if (a.path || b.path)
    return a.driver === b.driver && !!a.path && a.path === b.path && a.path !== ':memory:' && a.path !== 'memory://';
  const host = (t: Target) => (t.host === '127.0.0.1' || t.host === '::1' ? 'localhost' : (t.host ?? 'localhost'));
  return (
    a.dialect === b.dialect && host(a) === host(b) && a.port === b.port && (a.database ?? '') === (b.database ?? '')
  );
}

export async function convert(req: ConvertRequest): Promise<ConvertSummary> {
  const converter = typeof req.converter === 'string' ? await loadConverter(req.converter) : req.converter;
  if (sameDatabase(req.from, req.to)) {
    throw new VoipdbError('refused', 'the destination is the source database: convert never writes its source', {
      where: req.to.display,
      hint: `create an empty database for the result (e.g. CREATE DATABASE ${converter.name}_new) and give it to --to`,
    });
  }
  const events = req.events ?? silent;
  const source = await openSource(req.from);
  let destination: Connection | undefined;
  try {
    destination = await connect(req.to);
    return await runConversion({
      converter,
      source,
      destination,
      // PGlite serves one connection per directory: look-ups share the writer's.
      openDestination: async () => (req.to.driver === 'pglite' ? undefined : connect(req.to)),
      tables: req.tables,
      onError: req.onError,
      batchSize: req.batchSize,
      deferIndexesFrom: req.deferIndexesFrom,
      lookups: req.lookups,
      events,
      onBatch: req.onBatch,
      createSchema: async (conn) => {
        await upgrade(conn, await converter.destination.sets(), undefined, { events });
      },
      schemaIncomplete: async (conn) => {
        const states = await status(conn, await converter.destination.sets());
        return states.some((st) => st.rows.size > 0 && (st.pending.length > 0 || !!st.partial || !!st.partialInstall));
      },
    });
  } finally {
    await destination?.close();
    await source.close();
  }
}
