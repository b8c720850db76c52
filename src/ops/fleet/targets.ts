// Which databases a fleet run covers: an inventory file (JSON or YAML), every database on a server
// whose name matches a pattern, SQLite files by glob. Each becomes a FleetTarget: a name that
// stays the same from run to run (the run record and the shards key on it), its URL and what to
// run there. Passwords come from password files or the usual options, never from output.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readPasswordFile } from '../../core/config.js';
import { VoipdbError } from '../../core/errors.js';
import { registerSecret } from '../../core/redact.js';
import { listDatabases } from '../../db/list-databases.js';
import { parseTarget, type Target } from '../../db/url.js';

/** A pack and what of it to run, as in voipdb.json. */
export interface FleetPack {
  name: string;
  sets?: string[];
  options?: Record<string, unknown>;
}

export interface FleetTarget {
  /** Stable and unique in the fleet: the inventory's name, else the URL without its password. */
  name: string;
  /** The group the inventory put it in, for the summary. */
  group?: string;
  target: Target;
  packs: FleetPack[];
  /** Directory script sets. */
  dirs: string[];
}

/** What one inventory entry (or the defaults, or a group) may say. */
interface EntrySpec {
  name?: string;
  url?: string;
  /** A SQLite glob: every matching file is a target. */
  sqlite?: string;
  /** A server URL; with `databases`, every matching database on it is a target. */
  server?: string;
  databases?: string;
  group?: string;
  packs?: (string | FleetPack)[];
  sets?: string[];
  options?: Record<string, unknown>;
  dirs?: string[];
  passwordFile?: string;
}

interface InventoryFile {
  defaults?: EntrySpec;
  groups?: Record<string, EntrySpec>;
  targets?: EntrySpec[];
}

const ENTRY_KEYS = new Set([
  'name',
  'url',
  'sqlite',
  'server',
  'databases',
  'group',
  'packs',
  'sets',
  'options',
  'dirs',
  'passwordFile',
]);
const FILE_KEYS = new Set(['defaults', 'groups', 'targets']);

/** Targets given on the command line or by a library caller, besides or instead of an inventory. */
export interface FleetSources {
  inventory?: string;
  /** SQLite globs. */
  sqlite?: string[];
  /** Server URLs, each with `databases` as the pattern. */
  servers?: string[];
  databases?: string;
  /** Defaults for every target that does not say otherwise. */
  packs?: FleetPack[];
  dirs?: string[];
  passwordFile?: string;
}

/** Every target the sources name, in the order they name them; duplicates refused. */
export async function fleetTargets(sources: FleetSources): Promise<FleetTarget[]> {
  const defaults: EntrySpec = { packs: sources.packs, dirs: sources.dirs, passwordFile: sources.passwordFile };
  const entries: { spec: EntrySpec; where: string; base: string }[] = [];
  if (sources.inventory) entries.push(...(await readInventory(sources.inventory, defaults)));
  for (const glob of sources.sqlite ?? [])
    entries.push({ spec: { ...defaults, sqlite: glob }, where: '--sqlite', base: '.' });
  for (const server of sources.servers ?? []) {
    if (!sources.databases) {
      throw new VoipdbError('usage', `--server ${maskForMessage(server)} needs --databases <pattern>`, {
        hint: "e.g. --databases 'tenant_%'",
      });
    }
    entries.push({ spec: { ...defaults, server, databases: sources.databases }, where: '--server', base: '.' });
  }
  if (!entries.length) {
    throw new VoipdbError('usage', 'no fleet targets given', {
      hint: "voipdb fleet check -i inventory.yaml (or --sqlite 'dir/*.db', or --server URL --databases 'tenant_%')",
    });
  }
  const out: FleetTarget[] = [];
  const seen = new Map<string, string>();
  for (const e of entries) {
    for (const t of await expand(e.spec, e.where, e.base)) {
      const before = seen.get(t.name);
      if (before)
        throw new VoipdbError('usage', `fleet target "${t.name}" is named twice (${before} and ${e.where})`, {
          hint: 'give each inventory entry its own name',
        });
      seen.set(t.name, e.where);
      out.push(t);
    }
  }
  return out;
}

async function readInventory(
  file: string,
  cliDefaults: EntrySpec,
): Promise<{ spec: EntrySpec; where: string; base: string }[]> {
  if (!existsSync(file))
    throw new VoipdbError('usage', `inventory ${file} does not exist`, {
      hint: 'check the path given to -i/--inventory',
    });
  const text = readFileSync(file, 'utf8');
  // YAML is loaded only for YAML inventories.
  const parse: (text: string) => unknown = /\.json$/i.test(file) ? JSON.parse : (await import('yaml')).parse;
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new VoipdbError('usage', `inventory ${file} cannot be read: ${(e as Error).message.split('\n')[0]}`, {
      hint: 'fix the file (README: fleets shows the format)',
    });
  }
  const inv = checkObject(doc, file, FILE_KEYS) as InventoryFile;
  const base = dirname(resolve(file));
  const defaults = { ...cliDefaults, ...checkEntry(inv.defaults ?? {}, `${file}: defaults`) };
  const groups = checkObject(inv.groups ?? {}, `${file}: groups`) as Record<string, EntrySpec>;
  for (const [g, spec] of Object.entries(groups)) checkEntry(spec, `${file}: groups.${g}`);
  if (!Array.isArray(inv.targets))
    throw new VoipdbError('usage', `${file}: "targets" must be a list`, { hint: 'README: fleets shows the format' });
  return inv.targets.map((raw, i) => {
    const where = `${file}: targets[${i}]`;
    const spec = checkEntry(raw, where);
    const group = spec.group;
    if (group !== undefined && !groups[group]) {
      throw new VoipdbError('usage', `${where}: unknown group "${group}"`, {
        hint: `groups defined: ${Object.keys(groups).join(', ') || 'none'}`,
      });
    }
    return { spec: { ...defaults, ...(group ? groups[group] : {}), ...spec }, where, base };
  });
}

function checkObject(v: unknown, where: string, keys?: Set<string>): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new VoipdbError('usage', `${where}: expected an object`, { hint: 'README: fleets shows the format' });
  if (keys) {
    const unknown = Object.keys(v).filter((k) => !keys.has(k));
    if (unknown.length) {
      throw new VoipdbError('usage', `${where}: unknown key "${unknown[0]}"`, {
        hint: `keys: ${[...keys].join(', ')}`,
      });
    }
  }
  return v as Record<string, unknown>;
}

function checkEntry(v: unknown, where: string): EntrySpec {
  const o = checkObject(v, where, ENTRY_KEYS);
  for (const k of ['name', 'url', 'sqlite', 'server', 'databases', 'group', 'passwordFile']) {
    if (o[k] !== undefined && typeof o[k] !== 'string')
      throw new VoipdbError('usage', `${where}.${k}: expected a string`, { hint: 'README: fleets shows the format' });
  }
  for (const k of ['sets', 'dirs']) {
    if (o[k] !== undefined && !(Array.isArray(o[k]) && (o[k] as unknown[]).every((x) => typeof x === 'string'))) {
      throw new VoipdbError('usage', `${where}.${k}: expected a list of names`, {
        hint: 'README: fleets shows the format',
      });
    }
  }
  if (o.options !== undefined) checkObject(o.options, `${where}.options`);
  if (o.packs !== undefined) {
    if (!Array.isArray(o.packs))
      throw new VoipdbError('usage', `${where}.packs: expected a list`, { hint: 'e.g. packs: [asterisk]' });
    o.packs.forEach((p, i) => {
      if (typeof p === 'string') return;
      const po = checkObject(p, `${where}.packs[${i}]`, new Set(['name', 'sets', 'options']));
      if (typeof po.name !== 'string')
        throw new VoipdbError('usage', `${where}.packs[${i}].name: expected a pack name`, {
          hint: 'voipdb packs lists them',
        });
    });
  }
  const kinds = ['url', 'sqlite', 'server'].filter((k) => o[k] !== undefined);
  if (kinds.length > 1)
    throw new VoipdbError('usage', `${where}: give one of url, sqlite, server (not ${kinds.join(' and ')})`, {
      hint: 'one entry per kind of target',
    });
  return o as EntrySpec;
}

async function expand(spec: EntrySpec, where: string, base: string): Promise<FleetTarget[]> {
  const packs = (spec.packs ?? []).map((p) => (typeof p === 'string' ? { name: p } : p));
  // An entry's own sets/options apply to every pack it names.
  const chosen = packs.map((p) => ({
    ...p,
    sets: p.sets ?? spec.sets,
    options: { ...(spec.options ?? {}), ...(p.options ?? {}) },
  }));
  const dirs = (spec.dirs ?? []).map((d) => resolveFrom(base, d));
  const password = spec.passwordFile
    ? readPasswordFile(resolveFrom(base, spec.passwordFile))
    : process.env.VOIPDB_PASSWORD;
  const make = (url: string, name: string): FleetTarget => {
    const target = parseTarget(url);
    if (password && target.driver !== 'better-sqlite3' && target.driver !== 'pglite') {
      registerSecret(password);
      target.password = password;
    }
    if (target.password) registerSecret(target.password);
    return { name, group: spec.group, target, packs: chosen, dirs };
  };
  if (spec.url) return [make(spec.url, spec.name ?? parseTarget(spec.url).display)];
  if (spec.sqlite) {
    const files = globFiles(resolveFrom(base, spec.sqlite));
    if (!files.length)
      throw new VoipdbError('usage', `${where}: no file matches ${spec.sqlite}`, {
        hint: 'check the glob (quote it so the shell leaves it alone)',
      });
    return files.map((f) => make(`sqlite:${f}`, spec.name ? `${spec.name}/${f}` : `sqlite:${f}`));
  }
  if (spec.server) {
    if (!spec.databases)
      throw new VoipdbError('usage', `${where}: a server entry needs "databases" (a LIKE pattern)`, {
        hint: "e.g. databases: 'tenant_%'",
      });
    const server = make(spec.server, spec.server);
    const names = await listDatabases(server.target, spec.databases);
    if (!names.length) {
      throw new VoipdbError('usage', `${where}: no database on ${server.target.display} matches ${spec.databases}`, {
        hint: 'check the pattern (SQL LIKE: % any, _ one character)',
      });
    }
    return names.map((db) => {
      const t = make(urlWithDatabase(spec.server!, db), '');
      return { ...t, name: spec.name ? `${spec.name}/${db}` : t.target.display };
    });
  }
  throw new VoipdbError('usage', `${where}: no url, sqlite or server`, { hint: 'each target entry needs one of them' });
}

function resolveFrom(base: string, p: string): string {
  return isAbsolute(p) ? p : resolve(base, p);
}

/** The server URL pointing at another database, query kept. */
export function urlWithDatabase(url: string, database: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9_.+-]*:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(url.trim());
  if (!m)
    throw new VoipdbError('bad-url', `not a server URL: "${maskForMessage(url)}"`, {
      hint: 'e.g. --server postgresql://admin@db1',
    });
  return `${m[1]}/${encodeURIComponent(database)}${m[3] ?? ''}`;
}

function maskForMessage(url: string): string {
  try {
    return parseTarget(url).display;
  } catch {
    return url.replace(/:[^@/]*@/, ':***@');
  }
}

/** Files matching a glob of `*`, `?` and `**` segments, sorted (Node 20 has no fs.glob). */
export function globFiles(pattern: string): string[] {
  const parts = resolve(pattern).split('/').filter(Boolean);
  const out: string[] = [];
  const walk = (dir: string, i: number): void => {
    if (i === parts.length) {
      if (existsSync(dir) && statSync(dir).isFile()) out.push(dir);
      return;
    }
    const part = parts[i]!;
    if (part === '**') {
      walk(dir, i + 1);
      for (const e of safeList(dir)) if (e.isDirectory()) walk(join(dir, e.name), i);
      return;
    }
    if (!/[*?[]/.test(part)) return walk(join(dir, part), i + 1);
    const re = new RegExp(
      '^' +
        part
          .replace(/[.+^${}()|\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]') +
        '$',
    );
    for (const e of safeList(dir)) if (re.test(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name), i + 1);
  };
  walk('/', 0);
  return [...new Set(out)].sort();
}

function safeList(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
