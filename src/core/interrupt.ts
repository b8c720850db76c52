// Ctrl-C and SIGTERM during a run. The first signal lets the statement in flight finish: the
// runner stops at the next statement boundary, records its progress, releases its locks and
// exits 130 (SIGINT) or 143 (SIGTERM) with one line saying where it stopped. A second signal
// aborts at once, removing lock files first. Outside a run a signal ends the process at once.

import { VoipdbError } from './errors.js';

let received: NodeJS.Signals | undefined;
let runs = 0;
const cleanups = new Set<() => void>();

function exitCodeOf(sig: NodeJS.Signals): number {
  return sig === 'SIGTERM' ? 143 : 130;
}

function onSignal(sig: NodeJS.Signals): void {
  if (runs === 0 || received) {
    for (const fn of cleanups) {
      try {
        fn();
      } catch {
        /* aborting anyway */
      }
    }
    if (received) process.stderr.write(`voipdb: ${sig} again: aborted at once\n`);
    process.exit(exitCodeOf(sig));
  }
  received = sig;
  process.stderr.write(`voipdb: ${sig}: stopping after the statement in flight (${sig} again aborts at once)\n`);
}

let installed = false;

/** Take over SIGINT and SIGTERM for this process (the CLI does; a library embedder may not). */
export function handleInterrupts(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** A run that stops gracefully on the first signal; returns its end. */
export function beginRun(): () => void {
  runs++;
  return () => {
    runs--;
  };
}

/** Something to undo before an abort (a lock file); returns its removal. */
export function onAbort(fn: () => void): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

export function interruptedBy(): NodeJS.Signals | undefined {
  return received;
}

/**
 * Stop here if a signal came: `after` says what is done ("statement 27 of 58 of X"). A turn of the
 * event loop first: in-process databases (SQLite, PGlite) answer without one, and a signal's
 * handler only runs in one.
 */
export async function stopIfInterrupted(after: string, next = 'voipdb upgrade'): Promise<void> {
  if (installed) await new Promise((r) => setImmediate(r));
  if (!received) return;
  const kind = received === 'SIGTERM' ? 'terminated' : 'interrupted';
  throw new VoipdbError(kind, `interrupted after ${after}; run ${next} to continue`, { signal: received });
}
