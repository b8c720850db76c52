// Failpoints: a testing hook. VOIPDB_FAILPOINTS, set only by the test suite, names points in the
// engine where the process kills itself, drops its connection or interrupts itself, so every
// crash the engine must survive can be produced on purpose, at the exact moment. Unset, every
// point costs one Map look-up.
//
//   VOIPDB_FAILPOINTS="after-statement@3=kill,between-setup-tables=kill"
//
// `point@n=action`: at the n-th time the run reaches the point (default 1). Actions: kill
// (SIGKILL itself), drop (close the connection under the run), sigint / sigterm (send itself
// the signal and carry on), sleep:<ms> (hold there), or throw (fail as a bug of voipdb's own
// would: exit 10); `sleep:300+kill` does both in turn.
// Points are listed in README "Testing".

export type FailpointAction = 'kill' | 'drop' | 'sigint' | 'sigterm' | 'throw' | `sleep:${number}`;

interface Armed {
  at: number;
  action: FailpointAction;
  hits: number;
}

const ACTIONS = /^(kill|drop|sigint|sigterm|throw|sleep:\d+)(\+(kill|drop|sigint|sigterm|throw|sleep:\d+))*$/;

function parse(spec: string | undefined): Map<string, Armed> {
  const out = new Map<string, Armed>();
  for (const part of (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z-]+)(?:@(\d+))?(?:=(.+))?$/.exec(part);
    if (!m || (m[3] && !ACTIONS.test(m[3])))
      throw new Error(`VOIPDB_FAILPOINTS: cannot read "${part}" (point[@n][=kill|drop|sigint|sigterm|throw|sleep:ms])`);
    out.set(m[1]!, { at: Number(m[2] ?? 1), action: (m[3] ?? 'kill') as FailpointAction, hits: 0 });
  }
  return out;
}

let armed: Map<string, Armed> | undefined;

/** Whether any failpoint is armed (tests only). */
export function failpointsArmed(): boolean {
  armed ??= parse(process.env.VOIPDB_FAILPOINTS);
  return armed.size > 0;
}

/**
 * Reach a failpoint. `drop` closes the connection given (a back-end without one ignores it).
 * Returns after sigint/sigterm/sleep and after drop; never returns after kill.
 */
export async function failpoint(name: string, drop?: () => void): Promise<void> {
  armed ??= parse(process.env.VOIPDB_FAILPOINTS);
  if (!armed.size) return;
  const a = armed.get(name);
  if (!a || ++a.hits !== a.at) return;
  process.stderr.write(`voipdb: failpoint ${name}@${a.at}: ${a.action}\n`);
  for (const action of a.action.split('+')) {
    if (action === 'kill') {
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => {}); // the signal is on its way
    } else if (action === 'drop') drop?.();
    else if (action === 'throw') throw new Error(`failpoint ${name}: thrown on purpose`);
    else if (action === 'sigint' || action === 'sigterm')
      process.kill(process.pid, action === 'sigint' ? 'SIGINT' : 'SIGTERM');
    else await new Promise((r) => setTimeout(r, Number(action.slice(6))));
  }
}

/** Reach a failpoint while `work` runs (a statement in flight); resolves or rejects as the work does. */
export async function failpointDuring<T>(name: string, work: Promise<T>, drop?: () => void): Promise<T> {
  armed ??= parse(process.env.VOIPDB_FAILPOINTS);
  if (!armed.has(name)) return work;
  const done = work.then(
    () => undefined,
    () => undefined,
  );
  await Promise.race([failpoint(name, drop), done]);
  return work;
}
