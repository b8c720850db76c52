// The fn_db_* helpers oVirt upgrade scripts and config.sql call, as voipdb's own PostgreSQL
// functions (written from the upgrade document's semantics). voipdb installs those a tree does
// not define itself, before the base files and before every upgrade, so scripts can rely on them.
// All are re-entrant: a second call with the same arguments changes nothing.

/** name -> CREATE FUNCTION statement(s). Overloads share a name. */
export const HELPERS: Record<string, string> = {
  fn_db_add_column: `
CREATE OR REPLACE FUNCTION fn_db_add_column(v_table varchar, v_column varchar, v_column_def text)
RETURNS void AS $voipdb$
BEGIN
  -- names are spelled as the script spells them (unquoted), so PostgreSQL folds them as usual
  EXECUTE format('ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s %s', v_table, v_column, v_column_def);
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_drop_column: `
CREATE OR REPLACE FUNCTION fn_db_drop_column(v_table varchar, v_column varchar)
RETURNS void AS $voipdb$
BEGIN
  EXECUTE format('ALTER TABLE %s DROP COLUMN IF EXISTS %s', v_table, v_column);
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_column_type: `
CREATE OR REPLACE FUNCTION fn_db_column_type(v_table varchar, v_column varchar)
RETURNS text STABLE AS $voipdb$
  -- the column's type three ways (udt name, SQL name, full spelling), lower case, '|'-separated
  SELECT lower(c.udt_name || '|' || c.data_type || '|' || format_type(a.atttypid, a.atttypmod))
    FROM information_schema.columns c
    JOIN pg_attribute a ON a.attrelid = to_regclass(v_table) AND a.attname = c.column_name
   WHERE c.table_schema = current_schema() AND c.table_name = lower(v_table) AND c.column_name = lower(v_column)
$voipdb$ LANGUAGE sql`,

  fn_db_change_column_type: `
CREATE OR REPLACE FUNCTION fn_db_change_column_type(v_table varchar, v_column varchar, v_type varchar, v_new_type varchar)
RETURNS void AS $voipdb$
DECLARE
  v_current text := fn_db_column_type(v_table, v_column);
  v_spec text := v_new_type;
  v_default text;
  v_null text;
  i integer;
BEGIN
  -- only while the column still has the type the script expects: the call is re-entrant
  IF v_current IS NULL OR NOT (lower(v_type) = ANY (string_to_array(v_current, '|'))) THEN
    RETURN;
  END IF;
  -- "int4 not null default 0": the type, then NOT NULL / NULL and DEFAULT in any order
  i := strpos(lower(v_spec), ' not null');
  IF i > 0 THEN
    v_null := 'SET NOT NULL';
    v_spec := substr(v_spec, 1, i - 1) || substr(v_spec, i + 9);
  END IF;
  i := strpos(lower(v_spec), ' default ');
  IF i > 0 THEN
    v_default := trim(substr(v_spec, i + 9));
    v_spec := substr(v_spec, 1, i - 1);
  END IF;
  i := strpos(lower(v_spec), ' null');
  IF i > 0 THEN
    v_null := 'DROP NOT NULL';
    v_spec := substr(v_spec, 1, i - 1);
  END IF;
  v_spec := trim(v_spec);
  EXECUTE format('ALTER TABLE %s ALTER COLUMN %s TYPE %s USING %s::%s', v_table, v_column, v_spec, v_column, v_spec);
  IF v_default IS NOT NULL THEN
    EXECUTE format('ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s', v_table, v_column, v_default);
    -- as ADD COLUMN ... NOT NULL DEFAULT x would: rows without a value get the default
    IF v_null = 'SET NOT NULL' THEN
      EXECUTE format('UPDATE %s SET %s = DEFAULT WHERE %s IS NULL', v_table, v_column, v_column);
    END IF;
  END IF;
  IF v_null IS NOT NULL THEN
    EXECUTE format('ALTER TABLE %s ALTER COLUMN %s %s', v_table, v_column, v_null);
  END IF;
END;
$voipdb$ LANGUAGE plpgsql;

-- decimal precision and scale: change the column only while it is numeric(v_precision, v_scale)
CREATE OR REPLACE FUNCTION fn_db_change_column_type(v_table varchar, v_column varchar, v_precision integer, v_scale integer, v_new_type varchar)
RETURNS void AS $voipdb$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = lower(v_table) AND column_name = lower(v_column)
                AND numeric_precision = v_precision AND numeric_scale = v_scale) THEN
    EXECUTE format('ALTER TABLE %s ALTER COLUMN %s TYPE %s', v_table, v_column, v_new_type);
  END IF;
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_change_column_null: `
CREATE OR REPLACE FUNCTION fn_db_change_column_null(v_table varchar, v_column varchar, v_allow_null boolean, v_type varchar DEFAULT NULL)
RETURNS void AS $voipdb$
DECLARE
  v_kind text := lower(coalesce(v_type, split_part(fn_db_column_type(v_table, v_column), '|', 1)));
  v_zero text;
BEGIN
  IF v_allow_null THEN
    EXECUTE format('ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL', v_table, v_column);
    RETURN;
  END IF;
  -- rows holding NULL get the type's zero first, so SET NOT NULL cannot fail on old data
  v_zero := CASE
    WHEN v_kind IN ('bool', 'boolean') THEN 'false'
    WHEN v_kind IN ('char', 'bpchar', 'varchar', 'character varying', 'text') THEN ''''''
    WHEN v_kind IN ('int', 'int2', 'int4', 'int8', 'integer', 'smallint', 'bigint', 'numeric', 'decimal') THEN '0'
    WHEN v_kind IN ('float', 'float4', 'float8', 'real', 'double precision') THEN '0.0'
    WHEN v_kind = 'uuid' THEN '''00000000-0000-0000-0000-000000000000'''
  END;
  IF v_zero IS NULL THEN
    RAISE EXCEPTION 'fn_db_change_column_null(%, %, false): no zero value known for type %', v_table, v_column, coalesce(v_kind, '(no such column)');
  END IF;
  EXECUTE format('UPDATE %s SET %s = %s WHERE %s IS NULL', v_table, v_column, v_zero, v_column);
  EXECUTE format('ALTER TABLE %s ALTER COLUMN %s SET NOT NULL', v_table, v_column);
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_rename_column: `
CREATE OR REPLACE FUNCTION fn_db_rename_column(v_table varchar, v_column varchar, v_new_name varchar)
RETURNS void AS $voipdb$
BEGIN
  IF fn_db_column_type(v_table, v_column) IS NOT NULL AND fn_db_column_type(v_table, v_new_name) IS NULL THEN
    EXECUTE format('ALTER TABLE %s RENAME COLUMN %s TO %s', v_table, v_column, v_new_name);
  END IF;
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_rename_table: `
CREATE OR REPLACE FUNCTION fn_db_rename_table(v_table varchar, v_new_name varchar)
RETURNS void AS $voipdb$
BEGIN
  IF to_regclass(v_table) IS NOT NULL AND to_regclass(v_new_name) IS NULL THEN
    EXECUTE format('ALTER TABLE %s RENAME TO %s', v_table, v_new_name);
  END IF;
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_is_table_exists: `
CREATE OR REPLACE FUNCTION fn_db_is_table_exists(v_table varchar)
RETURNS boolean STABLE AS $voipdb$
  SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = lower(v_table))
$voipdb$ LANGUAGE sql`,

  fn_db_create_index: `
CREATE OR REPLACE FUNCTION fn_db_create_index(v_index_name varchar, v_table_name varchar, v_column_names text, v_where_predicate text DEFAULT '', v_unique boolean DEFAULT false)
RETURNS void AS $voipdb$
BEGIN
  EXECUTE format('CREATE %sINDEX IF NOT EXISTS %s ON %s (%s)%s',
    CASE WHEN v_unique THEN 'UNIQUE ' ELSE '' END, v_index_name, v_table_name, v_column_names,
    CASE WHEN coalesce(v_where_predicate, '') = '' THEN '' ELSE ' WHERE ' || v_where_predicate END);
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_drop_index: `
CREATE OR REPLACE FUNCTION fn_db_drop_index(v_index_name varchar)
RETURNS void AS $voipdb$
BEGIN
  EXECUTE format('DROP INDEX IF EXISTS %s', v_index_name);
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_create_constraint: `
CREATE OR REPLACE FUNCTION fn_db_create_constraint(v_table varchar, v_constraint varchar, v_constraint_sql text)
RETURNS void AS $voipdb$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(v_table) AND conname = lower(v_constraint)) THEN
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %s %s', v_table, v_constraint, v_constraint_sql);
  END IF;
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_drop_constraint: `
CREATE OR REPLACE FUNCTION fn_db_drop_constraint(v_table varchar, v_constraint varchar)
RETURNS void AS $voipdb$
BEGIN
  IF to_regclass(v_table) IS NOT NULL THEN
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s', v_table, v_constraint);
  END IF;
END;
$voipdb$ LANGUAGE plpgsql`,

  // vdc_options: option_name, option_value, version ('general' or a cluster level), default_value.
  fn_db_add_config_value: `
CREATE OR REPLACE FUNCTION fn_db_add_config_value(v_option_name varchar, v_option_value varchar, v_version varchar DEFAULT 'general')
RETURNS void AS $voipdb$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM vdc_options WHERE option_name ILIKE v_option_name AND version = v_version) THEN
    INSERT INTO vdc_options (option_name, option_value, default_value, version) VALUES (v_option_name, v_option_value, v_option_value, v_version);
  ELSE
    -- an option added before defaults were kept learns its default now; its value is the admin's
    UPDATE vdc_options SET default_value = v_option_value
     WHERE option_name ILIKE v_option_name AND version = v_version AND default_value IS NULL;
  END IF;
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_add_config_value_for_versions_up_to: `
CREATE OR REPLACE FUNCTION fn_db_add_config_value_for_versions_up_to(v_option_name varchar, v_option_value varchar, v_up_to_version varchar)
RETURNS void AS $voipdb$
DECLARE v text;
BEGIN
  FOR v IN SELECT x FROM fn_db_config_versions() x WHERE string_to_array(x, '.')::int[] <= string_to_array(v_up_to_version, '.')::int[] LOOP
    PERFORM fn_db_add_config_value(v_option_name, v_option_value, v);
  END LOOP;
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_update_config_value: `
CREATE OR REPLACE FUNCTION fn_db_update_config_value(v_option_name varchar, v_option_value varchar, v_version varchar DEFAULT 'general')
RETURNS void AS $voipdb$
BEGIN
  -- overrides whatever the admin set: prefer fn_db_update_default_config_value
  UPDATE vdc_options SET option_value = v_option_value, default_value = v_option_value
   WHERE option_name ILIKE v_option_name AND version = v_version;
END;
$voipdb$ LANGUAGE plpgsql`,

  // The document's rule: a default moves only from the default the script names. voipdb remembers
  // each move it made (voipdb_config_defaults), so config.sql stays re-entrant — a move already
  // made is skipped, even when later calls moved the default further — while a call whose old
  // default another call already moved elsewhere (the u1/u2 case) fails loudly.
  fn_db_update_default_config_value: `
CREATE TABLE IF NOT EXISTS voipdb_config_defaults (
  option_name varchar(100) NOT NULL,
  version varchar(40) NOT NULL,
  old_default varchar(4000) NOT NULL,
  new_default varchar(4000) NOT NULL,
  moved_at timestamp NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION fn_db_update_default_config_value(v_option_name varchar, v_old_default varchar, v_new_value varchar, v_version varchar DEFAULT 'general', v_ignore_case boolean DEFAULT false)
RETURNS void AS $voipdb$
DECLARE
  r record;
  v_current text;
  v_other text;
BEGIN
  SELECT option_value, default_value INTO r FROM vdc_options WHERE option_name ILIKE v_option_name AND version = v_version;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM voipdb_config_defaults WHERE option_name ILIKE v_option_name AND version = v_version
                AND old_default = v_old_default AND new_default = v_new_value) THEN
    RETURN; -- this move was made by an earlier run of the script
  END IF;
  v_current := coalesce(r.default_value, r.option_value);
  IF NOT (CASE WHEN v_ignore_case THEN v_current ILIKE v_old_default ELSE v_current = v_old_default END) THEN
    SELECT new_default INTO v_other FROM voipdb_config_defaults
     WHERE option_name ILIKE v_option_name AND version = v_version AND old_default = v_old_default AND new_default <> v_new_value
     ORDER BY moved_at DESC LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'fn_db_update_default_config_value(%, %, %): another script already moved the default of % (version %) from "%" to "%"; it is now "%". Write this call from the current default: select fn_db_update_default_config_value(''%'', ''%'', ''<new value>'', ''%'');',
        v_option_name, v_old_default, v_new_value, v_option_name, v_version, v_old_default, v_other, v_current,
        v_option_name, v_current, v_version;
    END IF;
  END IF;
  -- the value moves only where the admin left the old default; the default moves always
  UPDATE vdc_options
     SET option_value = CASE WHEN (CASE WHEN v_ignore_case THEN option_value ILIKE v_old_default ELSE option_value = v_old_default END)
                             THEN v_new_value ELSE option_value END,
         default_value = v_new_value
   WHERE option_name ILIKE v_option_name AND version = v_version;
  INSERT INTO voipdb_config_defaults (option_name, version, old_default, new_default) VALUES (v_option_name, v_version, v_old_default, v_new_value);
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_delete_config_value: `
CREATE OR REPLACE FUNCTION fn_db_delete_config_value(v_option_name varchar, v_versions text DEFAULT 'general')
RETURNS void AS $voipdb$
BEGIN
  DELETE FROM vdc_options
   WHERE option_name ILIKE v_option_name
     AND version IN (SELECT trim(x) FROM unnest(string_to_array(v_versions, ',')) x);
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_delete_config_value_all_versions: `
CREATE OR REPLACE FUNCTION fn_db_delete_config_value_all_versions(v_option_name varchar)
RETURNS void AS $voipdb$
BEGIN
  DELETE FROM vdc_options WHERE option_name ILIKE v_option_name;
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_rename_config_key: `
CREATE OR REPLACE FUNCTION fn_db_rename_config_key(v_old_name varchar, v_new_name varchar, v_version varchar DEFAULT 'general')
RETURNS void AS $voipdb$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM vdc_options WHERE option_name ILIKE v_new_name AND version = v_version) THEN
    UPDATE vdc_options SET option_name = v_new_name WHERE option_name ILIKE v_old_name AND version = v_version;
  END IF;
END;
$voipdb$ LANGUAGE plpgsql`,

  // The cluster levels the database knows: every version vdc_options holds besides 'general'.
  fn_db_config_versions: `
CREATE OR REPLACE FUNCTION fn_db_config_versions()
RETURNS SETOF text STABLE AS $voipdb$
BEGIN
  -- plpgsql: created before vdc_options exists (clean install), resolved when called
  RETURN QUERY SELECT DISTINCT version::text FROM vdc_options WHERE version ~ '^[0-9]+(\\.[0-9]+)*$';
END;
$voipdb$ LANGUAGE plpgsql`,

  fn_db_split_config_value: `
CREATE OR REPLACE FUNCTION fn_db_split_config_value(v_option_name varchar, v_old_value varchar, v_new_value varchar, v_update_from_version varchar)
RETURNS void AS $voipdb$
DECLARE v text;
BEGIN
  -- a 'general' option becomes one row per cluster level: the old value below v_update_from_version, the new from it on
  IF NOT EXISTS (SELECT 1 FROM vdc_options WHERE option_name ILIKE v_option_name AND version = 'general') THEN
    RETURN;
  END IF;
  FOR v IN SELECT x FROM fn_db_config_versions() x UNION SELECT v_update_from_version LOOP
    PERFORM fn_db_add_config_value(v_option_name,
      CASE WHEN string_to_array(v, '.')::int[] < string_to_array(v_update_from_version, '.')::int[] THEN v_old_value ELSE v_new_value END, v);
  END LOOP;
  DELETE FROM vdc_options WHERE option_name ILIKE v_option_name AND version = 'general';
END;
$voipdb$ LANGUAGE plpgsql;

-- the document's two-argument form: the general value stays for the older levels, the newest gets v_new_value
CREATE OR REPLACE FUNCTION fn_db_split_config_value(v_option_name varchar, v_new_value varchar)
RETURNS void AS $voipdb$
DECLARE
  v_old text;
  v_newest text;
BEGIN
  SELECT option_value INTO v_old FROM vdc_options WHERE option_name ILIKE v_option_name AND version = 'general';
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT x INTO v_newest FROM fn_db_config_versions() x ORDER BY string_to_array(x, '.')::int[] DESC LIMIT 1;
  IF v_newest IS NULL THEN
    RAISE EXCEPTION 'fn_db_split_config_value(%): vdc_options holds no cluster level to split into', v_option_name;
  END IF;
  PERFORM fn_db_split_config_value(v_option_name, v_old, v_new_value, v_newest);
END;
$voipdb$ LANGUAGE plpgsql`,
};

/** voipdb's own support functions, installed only for the helpers that call them. */
const SUPPORT: Record<string, string[]> = {
  fn_db_column_type: ['fn_db_change_column_type', 'fn_db_change_column_null', 'fn_db_rename_column'],
  fn_db_config_versions: ['fn_db_split_config_value', 'fn_db_add_config_value_for_versions_up_to'],
};

/** The helpers voipdb installs for a tree: those it does not define itself (by name), and their support. */
export function helperNames(definedByTree: Set<string>): string[] {
  const wanted = Object.keys(HELPERS).filter((n) => !definedByTree.has(n) && !SUPPORT[n]);
  const support = Object.entries(SUPPORT)
    .filter(([, users]) => users.some((u) => wanted.includes(u)))
    .map(([n]) => n);
  // support first: the language sql ones are checked when created
  return [...support, ...wanted];
}

export function helpersFor(definedByTree: Set<string>): string {
  return helperNames(definedByTree)
    .map((n) => HELPERS[n]!.trim() + ';')
    .join('\n\n');
}

/** Function names a SQL text creates (lower case). */
export function functionsDefinedIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/create\s+(?:or\s+replace\s+)?function\s+(?:public\.)?"?([a-z0-9_]+)"?/gi))
    out.add(m[1]!.toLowerCase());
  return out;
}
