#!/usr/bin/env node
// Dev tool: the oracle's reference data. Reads, at each release tag of a fetched
// kamailio/kamailio mirror, the statements of utils/kamctl/{postgres,mysql,db_sqlite}/
// *-create.sql (what `kamdbctl create` runs) and writes them, one list per module script,
// whitespace folded, as test/fixtures/kamailio/create-scripts.json: the first release whole,
// then per release only the scripts that changed (null: gone). Tests run these statements on
// real servers and compare the catalogs with what voipdb makes; they never read the mirror.
// Independent of the pack's generator (scripts/kamailio-schema.mjs): it does not parse columns.
//
//   node scripts/kamailio-fixtures.mjs [/work/.mirror/kamailio+kamailio/repo] > test/fixtures/kamailio/create-scripts.json

import { mirrorGit, TAGS } from './kamailio-releases.mjs';

const gitDir = process.argv[2] ?? '/work/.mirror/kamailio+kamailio/repo';
const DIRS = { postgres: 'postgres', mysql: 'mysql', sqlite: 'db_sqlite' };
const git = mirrorGit(gitDir);

/** A script's statements: comments dropped, whitespace folded, split at `;` ending a line. */
function statements(text) {
  return text
    .split('\n')
    .filter((l) => !/^\s*--/.test(l))
    .join('\n')
    .split(/;\s*\n/)
    .map((s) => s.replace(/\s+/g, ' ').replace(/;\s*$/, '').trim())
    .filter(Boolean);
}

function scripts(tag, dir) {
  const files = git('ls-tree', '--name-only', tag, `utils/kamctl/${dir}/`)
    .split('\n')
    .filter((f) => f.endsWith('-create.sql'));
  return Object.fromEntries(
    files.map((f) => [
      f
        .split('/')
        .pop()
        .replace(/-create\.sql$/, ''),
      statements(git('show', `${tag}:${f}`)),
    ]),
  );
}

const out = {
  source: 'kamailio/kamailio utils/kamctl/{postgres,mysql,db_sqlite}/*-create.sql',
  tags: TAGS,
  dialects: {},
};
for (const [dialect, dir] of Object.entries(DIRS)) {
  const releases = {};
  let prev = {};
  for (const [release, tag] of Object.entries(TAGS)) {
    const cur = scripts(tag, dir);
    const delta = {};
    for (const [m, s] of Object.entries(cur)) if (JSON.stringify(prev[m]) !== JSON.stringify(s)) delta[m] = s;
    for (const m of Object.keys(prev)) if (!cur[m]) delta[m] = null;
    releases[release] = delta;
    prev = cur;
  }
  out.dialects[dialect] = releases;
}
console.log(JSON.stringify(out, null, 1));
