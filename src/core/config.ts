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
  if (!existsSync(file)) throw new VoipdbError('not-found', `config file ${file} does not exist`, { hint: 'check the path given to -c/--config' });
  const text = readFileSync(file, 'utf8');
  if (/\.(ini|cfg|sample)$/i.test(file) || /^\s*\[alembic\]/m.test(text)) return readAlembicIni(file, text);
  let json: FileConfig;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new VoipdbError('usage', `config file ${file} is not valid JSON: ${(e as Error).message}`, { hint: 'fix the file (see README: configuration)' });
  }
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
  if (!url) throw new VoipdbError('usage', `${file} has no sqlalchemy.url in its [alembic] section`, { hint: 'set sqlalchemy.url = mysql://user:pass@localhost/asterisk (as in config.ini.sample)' });
  return { url, alembicScriptLocation: values.script_location, source: file };
}

export function readPasswordFile(path: string): string {
  if (!existsSync(path)) throw new VoipdbError('not-found', `password file ${path} does not exist`, { hint: 'check --password-file' });
  const pw = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  registerSecret(pw);
  return pw;
}
