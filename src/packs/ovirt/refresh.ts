// Views and stored procedures around an oVirt upgrade: before the versioned scripts every view
// and function of the schema is dropped (extension members spared) and the generic functions and
// helpers are loaded again; after them the views and every *sp.sql are recreated.

import type { Migration } from '../../engine/types.js';
import { helpersFor } from './helpers.js';
import { tempFunctionCheck, type TempFunctionRule } from './temp-functions.js';
import type { OvirtTree, TreeFile } from './tree.js';

/** Drop every view and every function or procedure of the current schema that no extension owns. */
export const DROP_VIEWS_AND_FUNCTIONS = `DO $voipdb_drop$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'v'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            ORDER BY c.relname LOOP
    EXECUTE format('DROP VIEW IF EXISTS %s CASCADE', r.name);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS sig, p.prokind FROM pg_proc p
            WHERE p.pronamespace = current_schema()::regnamespace AND p.prokind IN ('f', 'p')
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            ORDER BY p.proname LOOP
    -- a CASCADE above may already have taken it
    IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = r.sig::oid) THEN
      EXECUTE format('DROP %s IF EXISTS %s CASCADE', CASE WHEN r.prokind = 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, r.sig);
    END IF;
  END LOOP;
END $voipdb_drop$`;

/** Concatenate SQL texts so that each ends its last statement (a `;` on its own line, never inside a trailing comment). */
export function joinSql(parts: string[]): string {
  return parts
    .map((p) => p.trimEnd())
    .filter((p) => p)
    .map((p) => (p.endsWith(';') ? p : p + '\n;'))
    .join('\n\n');
}
const join = joinSql;

/** Function names the tree's own base and procedure files define: voipdb does not install its version of those. */
export function treeFunctionNames(tree: OvirtTree, names: (text: string) => Set<string>): Set<string> {
  const out = new Set<string>();
  for (const f of [tree.createFunctions, tree.commonSp, ...tree.procedures])
    if (f) for (const n of names(f.text)) out.add(n);
  return out;
}

/** The generic functions every script may call: voipdb's helpers, create_functions.sql, common_sp.sql. */
export function generics(tree: OvirtTree, defined: Set<string>): string {
  return join([helpersFor(defined), tree.createFunctions?.text ?? '', tree.commonSp?.text ?? '']);
}

/** The first pre-upgrade step: drop, then load what the scripts call (as schema.sh's pre-upgrade does). */
export function prepareStep(tree: OvirtTree, defined: Set<string>): Migration {
  return {
    version: '(prepare)',
    description: 'drop views and functions, load create_functions.sql, common_sp.sql and the fn_db_* helpers',
    kind: 'repeatable',
    script: '(ovirt prepare)',
    up: { sql: join([DROP_VIEWS_AND_FUNCTIONS, generics(tree, defined), tree.updateSequences?.text ?? '']) },
  };
}

/** A pre/post-upgrade hook, with the __temp_ check after it. */
export function hookStep(file: TreeFile, kind: 'pre' | 'post', rule: TempFunctionRule): Migration {
  return {
    version: file.path,
    description: `${kind}-upgrade ${file.path}`,
    kind: 'repeatable',
    script: file.path,
    up: { sql: join([file.text, tempFunctionCheck(file.path, rule)]) },
  };
}

/**
 * Views and stored procedures as one repeatable: its checksum covers every file, so any change
 * recreates them all (schema.sh's md5 over create_functions.sql, create_*views.sql and *_sp.sql).
 * Views first, then every *sp.sql in path order, then common_sp.sql once more.
 */
export function viewsAndProcedures(tree: OvirtTree, rule: TempFunctionRule): Migration | undefined {
  const files = [...tree.views, ...tree.procedures, ...(tree.commonSp ? [tree.commonSp] : [])];
  if (!files.length) return undefined;
  // create_functions.sql takes part in the checksum, as in schema.sh's md5 file
  const stamp = tree.createFunctions ? `-- ${tree.createFunctions.path} md5 ${tree.createFunctions.md5}\n` : '';
  const text = join([
    ...files.map((f, i) => `${i === 0 ? stamp : ''}-- ${f.path}\n${f.text}`),
    tempFunctionCheck('views and stored procedures', rule),
  ]);
  return {
    version: '(views and procedures)',
    description: `views and stored procedures (${files.length} files)`,
    kind: 'repeatable',
    script: '(views and stored procedures)',
    up: { sql: text },
  };
}
