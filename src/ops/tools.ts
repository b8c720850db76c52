// The platform's own programs (pg_dump, pg_restore, psql, mariadb-dump, mariadb): run with the
// connection in arguments and the password in the environment (PGPASSWORD / MYSQL_PWD), never on
// the command line where `ps` would show it. Their error output is redacted before it is shown.

import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { VoipdbError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { Target } from '../db/url.js';

export interface ToolCall {
  cmd: string;
  args: string[];
  env: Record<string, string>;
}

/** pg_dump / pg_restore / psql connection arguments. */
export function pgTool(cmd: string, t: Target, extra: string[], database = t.database): ToolCall {
  const args = ['--no-password'];
  const host = t.params.host ?? t.host;
  if (host) args.push('--host', host);
  if (t.port) args.push('--port', String(t.port));
  if (t.user) args.push('--username', t.user);
  const env: Record<string, string> = { PGOPTIONS: '--client-min-messages=warning' };
  if (t.password) env.PGPASSWORD = t.password;
  if (t.params.sslmode) env.PGSSLMODE = t.params.sslmode;
  if (t.params.sslrootcert) env.PGSSLROOTCERT = t.params.sslrootcert;
  if (t.params.sslcert) env.PGSSLCERT = t.params.sslcert;
  if (t.params.sslkey) env.PGSSLKEY = t.params.sslkey;
  args.push(...extra);
  if (database)
    args.push(cmd === 'pg_restore' ? `--dbname=${database}` : cmd === 'psql' ? `--dbname=${database}` : database);
  return { cmd, args, env };
}

/** mariadb-dump / mariadb connection arguments (mysqldump / mysql where MariaDB's names are absent). */
export function mysqlTool(cmd: 'dump' | 'client', t: Target, extra: string[]): ToolCall {
  const args: string[] = [];
  const socket = t.params.unix_socket ?? (t.host?.startsWith('/') ? t.host : undefined);
  if (socket) args.push(`--socket=${socket}`);
  else {
    args.push(`--host=${t.host ?? 'localhost'}`, `--port=${t.port ?? 3306}`, '--protocol=TCP');
  }
  args.push(`--user=${t.user ?? 'root'}`);
  // MariaDB's client spells TLS --ssl, --ssl-ca, --ssl-verify-server-cert
  const mode = t.params['ssl-mode'];
  if (mode === 'DISABLED') args.push('--skip-ssl');
  else if (mode) args.push('--ssl');
  for (const p of ['ssl-ca', 'ssl-cert', 'ssl-key']) if (t.params[p]) args.push(`--${p}=${t.params[p]}`);
  if (mode === 'VERIFY_IDENTITY' || mode === 'VERIFY_CA') args.push('--ssl-verify-server-cert');
  const env: Record<string, string> = {};
  if (t.password) env.MYSQL_PWD = t.password;
  args.push(...extra);
  return { cmd: cmd === 'dump' ? 'mariadb-dump' : 'mariadb', args, env };
}

const fallback: Record<string, string> = { 'mariadb-dump': 'mysqldump', mariadb: 'mysql' };
const packageOf: Record<string, string> = {
  pg_dump: 'postgresql-client',
  pg_restore: 'postgresql-client',
  psql: 'postgresql-client',
  'mariadb-dump': 'mariadb-client',
  mariadb: 'mariadb-client',
};

export interface RunOptions {
  /** A file read into the tool's stdin, or a stream. */
  stdin?: string | Readable;
  /** A file the tool's stdout is written to, or a stream. */
  stdout?: string | Writable;
  where?: string;
}

/** Run a tool to completion; its failure is one line with the tool's own first error line. */
export function runTool(call: ToolCall, opts: RunOptions = {}): Promise<void> {
  return runOnce(call, opts)
    .catch((e) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && fallback[call.cmd])
        return runOnce({ ...call, cmd: fallback[call.cmd]! }, opts);
      throw e;
    })
    .catch((e) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new VoipdbError('missing-driver', `${call.cmd} is not installed`, {
          where: opts.where,
          hint: `install it (e.g. apt-get install ${packageOf[call.cmd] ?? call.cmd}), then run the command again`,
        });
      }
      throw e;
    });
}

function runOnce(call: ToolCall, opts: RunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(call.cmd, call.args, {
      env: { ...process.env, ...call.env },
      stdio: [opts.stdin ? 'pipe' : 'ignore', opts.stdout ? 'pipe' : 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => {
      if (stderr.length < 20_000) stderr += d;
    });
    child.on('error', reject);
    if (opts.stdin) {
      const input = typeof opts.stdin === 'string' ? createReadStream(opts.stdin) : opts.stdin;
      input.on('error', (e: Error) => {
        child.kill();
        reject(e);
      });
      child.stdin!.on('error', () => {}); // the tool may exit before reading everything; its status says why
      input.pipe(child.stdin!);
    }
    let outDone: Promise<void> = Promise.resolve();
    if (opts.stdout) {
      const out = typeof opts.stdout === 'string' ? createWriteStream(opts.stdout) : opts.stdout;
      outDone = new Promise((res, rej) => {
        out.on('finish', res);
        out.on('error', rej);
      });
      child.stdout!.pipe(out);
    }
    child.on('close', async (code, signal) => {
      if (code === 0) {
        await outDone.catch(reject);
        resolve();
        return;
      }
      const line = redact(
        stderr
          .split('\n')
          .map((l) => l.trim())
          .find((l) => /error|fatal|denied|could not|failed/i.test(l)) ??
          stderr.trim().split('\n')[0] ??
          '',
      );
      reject(
        new VoipdbError('refused', `${call.cmd} failed (${signal ?? 'exit ' + code})${line ? ': ' + line : ''}`, {
          where: opts.where,
          hint: `fix the cause shown by ${call.cmd}, then run the command again`,
          stderr: redact(stderr),
        }),
      );
    });
  });
}
