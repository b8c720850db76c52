// What every command needs: the target, the script sets, a connection, output and events.

import type { Command } from 'commander';
import { readConfigFile, readPasswordFile, type FileConfig } from '../core/config.js';
import { VoipdbError } from '../core/errors.js';
import type { EventSink } from '../core/events.js';
import { registerSecret } from '../core/redact.js';
import { connect } from '../db/connect.js';
import type { Connection } from '../db/connection.js';
import { parseTarget, type Target } from '../db/url.js';
import type { Convention, EngineOptions, GroupChoice, SetChoice } from '../commands/index.js';
import { makeOutput, paint, type Output } from './output.js';

export interface GlobalOptions {
  url?: string;
  config?: string;
  passwordFile?: string;
  json?: boolean;
  verbose?: boolean;
  debug?: boolean;
  color?: boolean;
  lockTimeout?: string;
  ddlLockTimeout?: string;
  ddlRetries?: string;
  dir?: string[];
  pack?: string[];
  set?: string[];
  option?: string[];
  convention?: string;
}

export interface CliApp {
  /** Global options merged with the command's own. */
  opts(cmd: Command): GlobalOptions & Record<string, unknown>;
  output(cmd: Command): Output;
  config(cmd: Command): FileConfig | undefined;
  target(cmd: Command, url?: string): Target;
  /** The target, said with --verbose: for a command that connects itself (it must look before it connects). */
  shownTarget(cmd: Command, url?: string): Target;
  connect(cmd: Command, url?: string): Promise<Connection>;
  /** The flags and configuration that choose the sets. */
  setChoice(cmd: Command): SetChoice;
  /** The packs, configuration and --group flags that define table groups. */
  groupChoice(cmd: Command): GroupChoice;
  /** Pack-specific flags for the packs' hooks (XiVO's legacy scripts). */
  packSettings(cmd: Command): Record<string, unknown>;
  engineOptions(cmd: Command): EngineOptions;
  events(cmd: Command): EventSink;
}

/** A non-negative number given on the command line, or a usage error naming the option. */
function seconds(v: string, option: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || v.trim() === '') {
    throw new VoipdbError('usage', `${option} ${v}: expected a number >= 0`, { hint: `e.g. ${option} 2` });
  }
  return n;
}

export function parseOptions(list: string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) {
    const i = kv.indexOf('=');
    if (i < 0)
      throw new VoipdbError('usage', `--option ${kv}: expected key=value`, { hint: 'e.g. --option exclude=sip,iax' });
    const k = kv.slice(0, i);
    const v = kv.slice(i + 1);
    out[k] = v.includes(',') || ['exclude', 'groups', 'modules'].includes(k) ? v.split(',').filter(Boolean) : v;
  }
  return out;
}

/** Commands that only read: they never create the database they are pointed at. */
const READ_ONLY = new Set(['check', 'status', 'history', 'heads', 'diff', 'doctor']);

export function createApp(): CliApp {
  const app: CliApp = {
    opts(cmd) {
      return cmd.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
    },
    output(cmd) {
      const o = app.opts(cmd);
      return makeOutput({ json: o.json, verbose: o.verbose, debug: o.debug, color: o.color });
    },
    config(cmd) {
      return readConfigFile(app.opts(cmd).config);
    },
    target(cmd, url) {
      const o = app.opts(cmd);
      const cfg = app.config(cmd);
      const t = parseTarget(url ?? o.url ?? process.env.VOIPDB_URL ?? process.env.DATABASE_URL ?? cfg?.url);
      // An embedded database's directory lock waits as long as the run lock would (PGlite).
      if (o.lockTimeout !== undefined && t.driver === 'pglite' && t.params.lock_timeout === undefined)
        t.params.lock_timeout = o.lockTimeout;
      const pwFile = o.passwordFile ?? cfg?.passwordFile;
      if (pwFile) t.password = readPasswordFile(pwFile);
      else if (process.env.VOIPDB_PASSWORD) {
        t.password = process.env.VOIPDB_PASSWORD;
        registerSecret(t.password);
      }
      return t;
    },
    shownTarget(cmd, url) {
      const t = app.target(cmd, url);
      app.output(cmd).verboseLine(`target: ${t.display}`);
      return t;
    },
    async connect(cmd, url) {
      const t = app.shownTarget(cmd, url);
      if (!READ_ONLY.has(cmd.name())) return connect(t);
      try {
        return await connect(t, { mustExist: true });
      } catch (e) {
        if (!(e instanceof VoipdbError) || e.kind !== 'missing-database' || !t.path) throw e;
        // The next command: init with the very sets this one was asked about.
        const o = app.opts(cmd);
        const args = [
          `--url ${t.display}`,
          ...(o.pack ?? []).map((p) => `--pack ${p}`),
          ...(o.dir ?? []).map((d) => `--dir ${d}`),
          ...(o.option ?? []).map((x) => `-O ${x}`),
        ];
        throw new VoipdbError('missing-database', e.message, {
          where: e.where,
          hint: `create it with: voipdb init ${args.join(' ')}`,
        });
      }
    },
    setChoice(cmd) {
      const o = app.opts(cmd);
      const cfg = app.config(cmd);
      const options = parseOptions(o.option);
      return {
        dirs: o.dir,
        convention: o.convention as Convention | undefined,
        packs: [...(o.pack ?? []), ...(cfg?.packs ?? [])],
        options,
        sets: o.set,
        dirSets: cfg?.sets,
        alembicScriptLocation: cfg?.alembicScriptLocation,
      };
    },
    groupChoice(cmd) {
      const o = app.opts(cmd);
      const cfg = app.config(cmd);
      return {
        packs: [...(o.pack ?? []), ...(cfg?.packs ?? []).map((p) => p.name)],
        groups: cfg?.groups,
        groupSpecs: (o.group as string[] | undefined) ?? [],
      };
    },
    packSettings(cmd) {
      const o = app.opts(cmd);
      return {
        legacyStateDir: o.legacyStateDir,
        legacyMigrationDir: o.legacyMigrationDir,
        legacyDatabases: o.legacyDb,
        legacyDropRole: o.legacyDropRole,
      };
    },
    engineOptions(cmd) {
      const o = app.opts(cmd);
      return {
        events: app.events(cmd),
        lockTimeoutMs: o.lockTimeout ? Number(o.lockTimeout) * 1000 : undefined,
        ddlLockTimeoutMs:
          o.ddlLockTimeout !== undefined ? seconds(o.ddlLockTimeout, '--ddl-lock-timeout') * 1000 : undefined,
        ddlTries:
          o.ddlRetries !== undefined ? Math.max(1, Math.round(seconds(o.ddlRetries, '--ddl-retries'))) : undefined,
        outOfOrder: !!o.outOfOrder,
        ignoreChecksums: !!o.ignoreChecksums,
        ignoreMissing: !!o.ignoreMissing,
        allowGaps: !!o.allowGaps,
        allowDataLoss: !!o.allowDataLoss,
        replay: !!o.replay,
      };
    },
    events(cmd) {
      const out = app.output(cmd);
      return (e) => {
        switch (e.type) {
          case 'lock-wait':
            out.warn(e.message);
            break;
          case 'migration-start':
            out.verboseLine(`${e.direction === 'up' ? '→' : '←'} ${e.set} ${e.version} ${e.description}`);
            break;
          case 'migration-done':
            if (!out.json && !out.verbose && process.stderr.isTTY)
              process.stderr.write(
                paint(
                  out.color,
                  'dim',
                  `  ${e.set} ${e.version}${e.skipped ? ' (applied by another process)' : ''} ${e.durationMs} ms\n`,
                ),
              );
            break;
          case 'statement':
            if (out.debug) out.verboseLine(`    [${e.index + 1}/${e.total}] ${e.sql.split('\n')[0]}`);
            break;
          case 'log':
            if (e.level === 'warn') out.warn(e.message);
            else if (e.level === 'info') out.info(e.message);
            else out.verboseLine(e.message);
            break;
          case 'progress':
            if (process.stderr.isTTY && !out.json)
              process.stderr.write(`\r${e.task}: ${e.done}${e.total ? '/' + e.total : ''} ${e.unit ?? ''}   `);
            break;
        }
      };
    },
  };
  return app;
}

/** Open, run, always close. */
export async function withConnection<T>(
  app: CliApp,
  cmd: Command,
  fn: (conn: Connection) => Promise<T>,
  url?: string,
): Promise<T> {
  const conn = await app.connect(cmd, url);
  try {
    return await fn(conn);
  } finally {
    await conn.close();
  }
}
