#!/usr/bin/env node
// Dev tool: read Kamailio's generated create scripts (utils/kamctl/{postgres,mysql,db_sqlite}/
// *-create.sql) and kamdbctl's groups (utils/kamctl/kamdbctl.base) at each release tag of a
// fetched kamailio/kamailio mirror, and write the pack's table data as TypeScript: the first
// release whole, then each later release as the tables it changes. Run it when Kamailio
// publishes a release (add its tag to TAGS in scripts/kamailio-releases.mjs); nothing reads
// upstream files at test or run time.
//
//   node scripts/kamailio-schema.mjs [/work/.mirror/kamailio+kamailio/repo] > src/packs/kamailio/releases.ts
//
// The three dialect files of a module must describe the same tables and columns in the same
// order; the tool stops when they do not. Each column's spelling triple (PostgreSQL, MySQL,
// SQLite) is named from the pack's type table (src/packs/kamailio/columns.ts) where it has one.

import { mirrorGit, TAGS } from './kamailio-releases.mjs';

const gitDir = process.argv[2] ?? '/work/.mirror/kamailio+kamailio/repo';

const git = mirrorGit(gitDir);

// Spelling triple -> expression in the pack's type table (columns.ts `KT`); VARCHAR(n) -> vc(n).
const TYPES = {
  'INTEGER|INT(11)|INTEGER': 'KT.int',
  'INTEGER|INT|INTEGER': 'KT.int',
  'INTEGER|INT UNSIGNED|INTEGER': 'KT.uint',
  'INTEGER|INT(10) UNSIGNED|INTEGER': 'KT.uint',
  'INTEGER|INT(11) UNSIGNED|INTEGER': 'KT.uint11',
  'INTEGER|INT(10)|INTEGER': 'KT.int10',
  'INTEGER|INT(1)|INTEGER': 'KT.int1',
  'BIGINT|BIGINT|BIGINT': 'KT.bigint',
  'SMALLINT|SMALLINT|SMALLINT': 'KT.smallint',
  'SMALLINT|SMALLINT UNSIGNED|SMALLINT': 'KT.usmallint',
  'SMALLINT|SMALLINT(5) UNSIGNED|SMALLINT': 'KT.usmallint',
  'SMALLINT|SMALLINT(10)|SMALLINT': 'KT.smallint10',
  'SMALLINT|TINYINT UNSIGNED|SMALLINT': 'KT.utinyint',
  'SMALLINT|TINYINT(1)|SMALLINT': 'KT.tinyint1',
  'TIMESTAMP WITHOUT TIME ZONE|DATETIME|TIMESTAMP WITHOUT TIME ZONE': 'KT.datetime',
  'TEXT|TEXT|TEXT': 'KT.text',
  'TEXT|MEDIUMTEXT|TEXT': 'KT.mediumtext',
  'BYTEA|BLOB|BLOB': 'KT.blob',
  'BYTEA|MEDIUMBLOB|BLOB': 'KT.mediumblob',
  'BYTEA|LONGBLOB|BLOB': 'KT.longblob',
  'REAL|FLOAT(10,2)|REAL': 'KT.float102',
  'REAL|FLOAT(10,3)|REAL': 'KT.float103',
  'REAL|FLOAT|REAL': 'KT.float',
};

const unq = (s) => s.replace(/`/g, '');

function parse(text) {
  const tables = [];
  const indexes = [];
  const versions = {};
  for (const m of text.matchAll(/CREATE TABLE `?(\w+)`? \(([\s\S]*?)\n\)[^;]*;/g)) {
    const columns = [];
    const uniques = [];
    for (let line of m[2].split(/,\n/)) {
      line = line.trim();
      const u = /^CONSTRAINT `?(\w+)`? UNIQUE \((.*)\)$/.exec(line);
      if (u) {
        uniques.push({ name: u[1], columns: unq(u[2]).split(/,\s*/) });
        continue;
      }
      if (/^(CONSTRAINT|PRIMARY KEY)/.test(line)) throw new Error(`unexpected table element: ${line}`);
      const c = /^`?(\w+)`?\s+(.+)$/.exec(line);
      const rest = c[2];
      const type = rest.split(/\s+(?=DEFAULT|NOT NULL|PRIMARY KEY|AUTO_INCREMENT)/)[0];
      const def = /DEFAULT ('(?:[^']|'')*'|[^\s,]+)/.exec(rest)?.[1];
      columns.push({ name: c[1], type, def, notNull: /NOT NULL/.test(rest), pk: /PRIMARY KEY/.test(rest) });
    }
    tables.push({ name: m[1], columns, uniques });
  }
  for (const m of text.matchAll(/CREATE (UNIQUE )?INDEX `?(\w+)`? ON `?(\w+)`? \((.*)\);/g)) {
    indexes.push({ unique: !!m[1], name: m[2], table: m[3], columns: unq(m[4]).split(/,\s*/) });
  }
  for (const m of text.matchAll(/INSERT INTO version \(table_name, table_version\) values \('(\w+)',\s*'(\d+)'\);/g))
    versions[m[1]] = Number(m[2]);
  return { tables, indexes, versions };
}

/** Kamailio's PostgreSQL and SQLite generators prefix names with `<table>_`; MySQL's is the plain name. */
function baseName(pgName, myName, table) {
  if (pgName !== `${table}_${myName}`)
    throw new Error(`${table}: index ${pgName} / ${myName} does not follow the <table>_ prefix rule`);
  return myName;
}

function defaultExpr(raw) {
  if (raw === undefined) return undefined;
  if (raw === 'NULL') return `expr('NULL')`;
  if (raw.startsWith("'")) return `value(${JSON.stringify(raw.slice(1, -1).replace(/''/g, "'")).replace(/"/g, "'")})`;
  if (/^-?\d+$/.test(raw) && String(Number(raw)) === raw) return `value(${raw})`;
  return `expr('${raw}')`; // 1.0, 00: kept as written
}

/** One table as TypeScript (a TableSpec literal), from its three dialect readings. */
function tableCode(f, mod, pt, mt, st, P, M, S) {
  if (mt?.name !== pt.name || st?.name !== pt.name) throw new Error(`${f}: table ${pt.name} differs between dialects`);
  const cols = pt.columns.map((pc, ci) => {
    const mc = mt.columns[ci];
    const sc = st.columns[ci];
    if (mc?.name !== pc.name || sc?.name !== pc.name)
      throw new Error(`${f}: ${pt.name}.${pc.name} differs between dialects`);
    if (pc.pk) {
      if (pc.type !== 'SERIAL' || !['INT(10) UNSIGNED', 'INT(10)'].includes(mc.type) || sc.type !== 'INTEGER')
        throw new Error(`${pt.name}: unexpected key ${pc.name}`);
      // ims_icscf's keys are signed on MySQL (INT(10) AUTO_INCREMENT), every other one unsigned.
      const fn = mc.type === 'INT(10)' ? 'signedId' : 'id';
      return pc.name === 'id' ? `${fn}()` : `${fn}('${pc.name}')`;
    }
    if (pc.def !== mc.def || pc.def !== sc.def || pc.notNull !== mc.notNull || pc.notNull !== sc.notNull)
      throw new Error(`${pt.name}.${pc.name}: default/null differ between dialects`);
    const vcm = /^VARCHAR\((\d+)\)$/.exec(pc.type);
    let ty;
    if (vcm && mc.type === pc.type && sc.type === pc.type) ty = `vc(${vcm[1]})`;
    else ty = TYPES[`${pc.type}|${mc.type}|${sc.type}`];
    // A triple the type table does not name (a few ims_* columns) is spelled out.
    if (!ty) ty = `k('${pc.type}', '${mc.type}', '${sc.type}')`;
    const d = defaultExpr(pc.def);
    return `${pc.notNull ? 'nn' : 'nul'}('${pc.name}', ${ty}${d ? `, ${d}` : ''})`;
  });
  const uniques = pt.uniques.map((u, i) => ({
    name: baseName(u.name, mt.uniques[i].name, pt.name),
    columns: u.columns,
  }));
  const pIdx = P.indexes.filter((x) => x.table === pt.name);
  const mIdx = M.indexes.filter((x) => x.table === pt.name);
  const indexes = pIdx.map((x, i) => ({
    name: baseName(x.name, mIdx[i].name, pt.name),
    columns: x.columns,
    ...(x.unique ? { unique: true } : {}),
  }));
  const version = P.versions[pt.name];
  if (version === undefined || M.versions[pt.name] !== version || S.versions[pt.name] !== version)
    throw new Error(`${pt.name}: version row missing or differs`);
  const lines = [`{`, `  name: '${pt.name}', version: ${version}, module: '${mod}',`, `  columns: [`];
  for (let i = 0; i < cols.length; i += 3) lines.push(`    ${cols.slice(i, i + 3).join(', ')},`);
  lines.push(`  ],`);
  const keys = (xs) =>
    xs
      .map(
        (x) =>
          `{ name: '${x.name}', columns: [${x.columns.map((c) => `'${c}'`).join(', ')}]${x.unique ? ', unique: true' : ''} }`,
      )
      .join(', ');
  if (uniques.length) lines.push(`  uniques: [${keys(uniques)}],`);
  if (indexes.length) lines.push(`  indexes: [${keys(indexes)}],`);
  lines.push(`}`);
  return lines;
}

/** module -> [table name, code lines][] for one tag. */
function readRelease(tag) {
  const dirOf = { postgres: 'postgres', mysql: 'mysql', sqlite: 'db_sqlite' };
  const list = (d) =>
    git('ls-tree', '--name-only', tag, `utils/kamctl/${d}/`)
      .split('\n')
      .filter((f) => f.endsWith('-create.sql'))
      .map((f) => f.split('/').pop())
      .sort();
  // Before 6.0 the ims_* scripts exist for MySQL alone: the pack knows modules all three dialects have.
  const my = new Set(list('mysql'));
  const sq = new Set(list('db_sqlite'));
  const files = list('postgres').filter((f) => my.has(f) && sq.has(f));
  if (files.length !== sq.size) throw new Error(`${tag}: db_sqlite has create scripts postgres lacks`);
  const modules = {};
  for (const f of files) {
    const mod = f.replace(/-create\.sql$/, '');
    const read = (d) => parse(git('show', `${tag}:utils/kamctl/${dirOf[d]}/${f}`));
    const P = read('postgres');
    const M = read('mysql');
    const S = read('sqlite');
    modules[mod] = P.tables.map((pt, ti) => [pt.name, tableCode(f, mod, pt, M.tables[ti], S.tables[ti], P, M, S)]);
  }
  return modules;
}

/** kamdbctl.base's module lists, as voipdb's group names. */
function readGroups(tag) {
  const text = git('show', `${tag}:utils/kamctl/kamdbctl.base`);
  const pick = (v) => {
    const m = new RegExp(`^${v}=\\$\\{\\w+:-'?([^}']*)'?\\}`, 'm').exec(text);
    if (!m) throw new Error(`${tag}: no ${v} in kamdbctl.base`);
    return m[1].split(/\s+/).filter(Boolean);
  };
  return {
    standard: pick('STANDARD_MODULES'),
    presence: pick('PRESENCE_MODULES'),
    extra: pick('EXTRA_MODULES'),
    uid: pick('DBUID_MODULES'),
  };
}

const releases = Object.keys(TAGS);
const q = (s) => (/^\w+$/.test(s) ? s : `'${s}'`);
const indent = (lines, n) => lines.map((l) => ' '.repeat(n) + l);
const out = [];
out.push(`// Kamailio's tables at every release from ${releases[0]} to ${releases.at(-1)}, module by module, as`);
out.push(`// utils/kamctl/{postgres,mysql,db_sqlite}/<module>-create.sql create them at the tags below, and`);
out.push(`// kamdbctl.base's groups. ${releases[0]} is given whole; each later release lists the tables it changes`);
out.push(`// (restated whole), adds, or drops (null), and the groups when they change.`);
out.push(`// Generated by scripts/kamailio-schema.mjs from a kamailio/kamailio mirror; edit the generator or`);
out.push(`// columns.ts, not this file: node scripts/kamailio-schema.mjs > src/packs/kamailio/releases.ts`);
out.push('');
out.push(`import { expr, value } from '../../schema/operations.js';`);
out.push(`import { id, k, KT, nn, nul, signedId, vc } from './columns.js';`);
out.push(`import type { TableSpec } from './table-spec.js';`);
out.push('');
out.push(`/** Release -> the tag its create scripts were read from. */`);
out.push(
  `export const RELEASE_TAGS = ${JSON.stringify(TAGS).replace(/"/g, "'").replace(/,/g, ', ').replace(/:/g, ': ')} as const;`,
);
out.push('');
out.push(`export type Release = keyof typeof RELEASE_TAGS;`);
out.push('');
out.push(`/** Per release: module -> table -> its spec (null: dropped; a module set to null: gone). */`);
out.push(`export type ReleaseDelta = Record<string, Record<string, TableSpec | null> | null>;`);
out.push('');
out.push(`export const RELEASE_GROUPS: Partial<Record<Release, Record<string, readonly string[]>>> = {`);
let prevGroups;
for (const r of releases) {
  const g = readGroups(TAGS[r]);
  if (JSON.stringify(g) !== JSON.stringify(prevGroups)) {
    out.push(`  '${r}': {`);
    for (const [k, v] of Object.entries(g)) out.push(`    ${k}: [${v.map((m) => `'${m}'`).join(', ')}],`);
    out.push(`  },`);
  }
  prevGroups = g;
}
out.push(`};`);
out.push('');
out.push(`export const RELEASE_TABLES: Record<Release, ReleaseDelta> = {`);
let prev = {};
for (const r of releases) {
  const cur = readRelease(TAGS[r]);
  out.push(`  '${r}': {`);
  for (const mod of Object.keys(cur)) {
    const before = new Map((prev[mod] ?? []).map(([n, code]) => [n, code.join('\n')]));
    const changed = cur[mod].filter(([n, code]) => before.get(n) !== code.join('\n'));
    const dropped = [...before.keys()].filter((n) => !cur[mod].some(([m]) => m === n));
    if (!changed.length && !dropped.length) continue;
    out.push(`    ${q(mod)}: {`);
    for (const [n, code] of changed) {
      const [first, ...rest] = indent(code, 6);
      out.push(`      ${q(n)}: ${first.trim()}`, ...rest.slice(0, -1), `${rest.at(-1)},`);
    }
    for (const n of dropped) out.push(`      ${q(n)}: null,`);
    out.push(`    },`);
  }
  for (const mod of Object.keys(prev)) if (!cur[mod]) out.push(`    ${q(mod)}: null,`);
  out.push(`  },`);
  prev = cur;
}
out.push(`};`);
console.log(out.join('\n'));
