// Configuration: flags, then environment (VOIPDB_URL, DATABASE_URL), then a config file
// (voipdb.json, or Asterisk's alembic config.ini). A password may come from VOIPDB_PASSWORD
// or a file instead of the URL.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { VoipdbError } from './errors.js';
import { registerSecret } from './redact.js';

export interface PackChoice {
  name: string;
  sets?: string[];
  options?: Record<string, unknown>;
}

export interface DirChoice {
  dir: string;
  name?: string;
  convention?: string;
}

export interface FileConfig {
  url?: string;
  passwordFile?: string;
  lockTimeout?: number;
  /** Table groups of the admin's own (name -> tables), beside the packs' groups. */
  groups?: Record<string, string[]>;
  packs?: PackChoice[];
  sets?: DirChoice[];
  /** From an alembic .ini: the Asterisk set named by script_location. */
  alembicScriptLocation?: string;
  source: string;
}

export function readConfigFile(path: string | undefined): FileConfig | undefined {
  const file = path ?? (existsSync('voipdb.json') ? 'voipdb.json' : undefined);
  if (!file) return undefined;
  if (!existsSync(file))
    throw new VoipdbError('not-found', `config file ${file} does not exist`, {
      hint: 'check the path given to -c/--config',
    });
  const text = readFileSync(file, 'utf8');
  if (/\.(ini|cfg|sample)$/i.test(file) || /^\s*\[alembic\]/m.test(text)) return readAlembicIni(file, text);
  let json: FileConfig;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new VoipdbError('usage', `config file ${file} is not valid JSON: ${(e as Error).message}`, {
      hint: 'fix the file (see README: configuration)',
    });
  }
  checkShape(json, file);
  const base = dirname(resolve(file));
  return { ...json, sets: json.sets?.map((s) => ({ ...s, dir: resolve(base, s.dir) })), source: file };
}

/** Asterisk's contrib/ast-db-manage config.ini: [alembic] sqlalchemy.url and script_location. */
export function readAlembicIni(file: string, text = readFileSync(file, 'utf8')): FileConfig {
  const values: Record<string, string> = {};
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) {
      section = s[1]!;
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (kv && section === 'alembic') values[kv[1]!.trim()] = kv[2]!.trim();
  }
  const url = values['sqlalchemy.url'];
  if (!url)
    throw new VoipdbError('usage', `${file} has no sqlalchemy.url in its [alembic] section`, {
      hint: 'set sqlalchemy.url = mysql://user:pass@localhost/asterisk (as in config.ini.sample)',
    });
  return { url, alembicScriptLocation: values.script_location, source: file };
}

export function readPasswordFile(path: string): string {
  if (!existsSync(path))
    throw new VoipdbError('not-found', `password file ${path} does not exist`, { hint: 'check --password-file' });
  const pw = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  registerSecret(pw);
  return pw;
}

/** A key of the wrong type is the user's mistake: name the key, not a crash further on. */
function checkShape(json: unknown, file: string): asserts json is FileConfig {
  const bad = (key: string, want: string) =>
    new VoipdbError('usage', `"${key}" must be ${want}`, {
      where: file,
      hint: `fix "${key}" in ${file} (see README: configuration)`,
    });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad('(top level)', 'an object');
  const j = json as Record<string, unknown>;
  for (const k of ['url', 'passwordFile'] as const)
    if (j[k] !== undefined && typeof j[k] !== 'string') throw bad(k, 'a string');
  if (j.lockTimeout !== undefined && typeof j.lockTimeout !== 'number') throw bad('lockTimeout', 'a number of seconds');
  const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (j.packs !== undefined) {
    if (!Array.isArray(j.packs)) throw bad('packs', 'a list of {"name": "<pack>", "options": {...}, "sets": [...]}');
    j.packs.forEach((p, i) => {
      if (!isObj(p) || typeof (p as { name?: unknown }).name !== 'string')
        throw bad(`packs[${i}]`, 'an object with "name" (e.g. {"name": "asterisk"})');
    });
  }
  if (j.sets !== undefined) {
    if (!Array.isArray(j.sets)) throw bad('sets', 'a list of {"dir": "<directory>"}');
    j.sets.forEach((d, i) => {
      if (!isObj(d) || typeof (d as { dir?: unknown }).dir !== 'string')
        throw bad(`sets[${i}]`, 'an object with "dir"');
    });
  }
  if (j.groups !== undefined && !isObj(j.groups)) throw bad('groups', 'an object of table lists');
}
