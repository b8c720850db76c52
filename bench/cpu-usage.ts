// CPU seconds spent by each side of a benchmarked run: this process, the PostgreSQL backends
// serving one database, and the MySQL/MariaDB server (the whole server process: other clients'
// work counts too). On a shared machine wall time depends on what else runs; CPU seconds say
// where the work went. Linux only (reads /proc); elsewhere every figure is undefined.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuSeconds {
  node: number;
  postgres?: number;
  mysqld?: number;
}

const TICKS = 100; // USER_HZ on Linux

/** utime + stime of a process, in seconds. */
function cpuOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

/** PostgreSQL backends show "postgres: [<cluster>:] <user> <database> <host> ..." as their command line. */
function backendsOf(database: string): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const words = readFileSync(`/proc/${e}/cmdline`, 'utf8').split(' ');
      if (words[0] !== 'postgres:') continue;
      const at = words[1]?.endsWith(':') ? 3 : 2;
      if (words[at] === database) pids.push(Number(e));
    } catch {
      // gone already
    }
  }
  return pids;
}

function mysqldPid(): number | undefined {
  for (const name of ['mariadbd', 'mysqld']) {
    try {
      const pid = Number(execFileSync('pidof', [name], { encoding: 'utf8' }).trim().split(' ')[0]);
      if (pid) return pid;
    } catch {
      // not running under that name
    }
  }
  return undefined;
}

/** Start measuring; the returned function stops and gives the totals. Backends are sampled every
 *  200 ms, as they exit when their connection closes (their last fraction of a second is lost). */
export function measureCpu(pgDatabase?: string): () => CpuSeconds {
  const mysqld = mysqldPid();
  const mysqldStart = mysqld ? cpuOf(mysqld) : undefined;
  const backends = new Map<number, number>();
  const poll = () => {
    if (!pgDatabase) return;
    for (const pid of backendsOf(pgDatabase)) {
      const s = cpuOf(pid);
      if (s !== undefined) backends.set(pid, s);
    }
  };
  const timer = setInterval(poll, 200);
  const start = process.cpuUsage();
  return () => {
    poll();
    clearInterval(timer);
    const c = process.cpuUsage(start);
    const mysqldEnd = mysqld ? cpuOf(mysqld) : undefined;
    return {
      node: (c.user + c.system) / 1e6,
      postgres: pgDatabase && backends.size ? [...backends.values()].reduce((a, b) => a + b, 0) : undefined,
      mysqld: mysqldStart !== undefined && mysqldEnd !== undefined ? mysqldEnd - mysqldStart : undefined,
    };
  };
}
