// Asterisk's alembic configuration (contrib/ast-db-manage/config.ini): the two settings its
// documentation asks an admin to edit, `sqlalchemy.url` and `script_location`, read as
// Python's ConfigParser reads them, so `voipdb -c config.ini upgrade head` does what
// `alembic -c config.ini upgrade head` does.

import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { VoipdbError } from '../../core/errors.js';

export const ASTERISK_TREES = ['config', 'voicemail', 'cdr', 'queue_log'] as const;
export type AsteriskTree = (typeof ASTERISK_TREES)[number];

export interface AsteriskIni {
  /** sqlalchemy.url, as written (voipdb accepts SQLAlchemy URLs as they are). */
  url: string;
  /** The voipdb set: 'asterisk/config', 'asterisk/voicemail', ... */
  set: `asterisk/${AsteriskTree}`;
  /** script_location, as written. */
  scriptLocation: string;
}

/** Sections of an INI file: ConfigParser's rules for keys, comments, continuation lines. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section: Record<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;]|$)/.test(raw)) {
      lastKey = undefined;
      continue;
    }
    // An indented line continues the previous value.
    if (/^\s/.test(raw) && section && lastKey) {
      section[lastKey] += '\n' + raw.trim();
      continue;
    }
    const head = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (head) {
      section = out[head[1]!.trim()] ??= {};
      lastKey = undefined;
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv && section) {
      lastKey = kv[1]!.trim().toLowerCase();
      section[lastKey] = kv[2]!.trim();
    }
  }
  return out;
}

/** ConfigParser's basic interpolation: %(name)s from the section or the defaults, %% is %. */
function interpolate(value: string, vars: Record<string, string>, depth = 0): string {
  if (depth > 10) return value;
  return value.replace(/%(%|\((\w[\w.]*)\)s)/g, (_, whole: string, name?: string) => {
    if (whole === '%') return '%';
    const v = vars[name!.toLowerCase()];
    return v === undefined ? `%(${name})s` : interpolate(v, vars, depth + 1);
  });
}

/** Read Asterisk's config.ini (or cdr.ini, voicemail.ini, ...). */
export function readAsteriskIni(path: string): AsteriskIni {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new VoipdbError(
      'not-found',
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      {
        hint: 'copy contrib/ast-db-manage/config.ini.sample to config.ini and set sqlalchemy.url, then run the command again',
      },
    );
  }
  const sections = parseIni(text);
  const main = sections['alembic'];
  if (!main)
    throw new VoipdbError('usage', `${path} has no [alembic] section`, {
      where: path,
      hint: 'start from contrib/ast-db-manage/config.ini.sample',
    });
  const vars = { here: dirname(resolve(path)), ...sections['DEFAULT'], ...main };
  const url = main['sqlalchemy.url'] ? interpolate(main['sqlalchemy.url'], vars) : '';
  if (!url)
    throw new VoipdbError('usage', `${path} sets no sqlalchemy.url`, {
      where: path,
      hint: 'set sqlalchemy.url = postgresql://user:pass@host/asterisk (or mysql://...) in the [alembic] section',
    });
  const scriptLocation = main['script_location'] ? interpolate(main['script_location'], vars) : '';
  const tree = basename(scriptLocation.replace(/[\\/]+$/, ''));
  if (!(ASTERISK_TREES as readonly string[]).includes(tree)) {
    throw new VoipdbError('usage', `script_location "${scriptLocation}" in ${path} is not one of Asterisk's sets`, {
      where: path,
      hint: `set script_location to one of ${ASTERISK_TREES.join(', ')}`,
    });
  }
  return { url, set: `asterisk/${tree as AsteriskTree}`, scriptLocation };
}
