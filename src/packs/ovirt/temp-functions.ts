// oVirt's rule for helper functions an upgrade script makes for itself: name them __temp_<name>
// and drop them before the script ends. voipdb checks after every script, inside its transaction:
// a script that leaves one behind fails and changes nothing ('fail'), or, for trees that break the
// rule and cannot be changed, the leftover is dropped with a warning ('drop').

import { sqlString } from '../../dialect/dialect.js';

export const TEMP_PREFIX = '__temp_';

export type TempFunctionRule = 'fail' | 'drop';

/** A statement that fails naming the function(s) and the script, or drops them, when a __temp_ function is left. */
export function tempFunctionCheck(script: string, rule: TempFunctionRule = 'fail'): string {
  const act =
    rule === 'fail'
      ? `RAISE EXCEPTION 'temporary function % left behind by %: drop it at the end of the script (DROP FUNCTION %)', v_left, ${sqlString(script)}, v_left;`
      : `RAISE WARNING 'temporary function % left behind by %: dropped', v_left, ${sqlString(script)};
    FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p WHERE p.proname LIKE '\\_\\_temp\\_%' LOOP
      EXECUTE format('DROP FUNCTION %s CASCADE', r.sig);
    END LOOP;`;
  return `DO $voipdb_temp_check$
DECLARE
  v_left text;
  r record;
BEGIN
  SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY p.oid::regprocedure::text) INTO v_left
    FROM pg_proc p WHERE p.proname LIKE '\\_\\_temp\\_%';
  IF v_left IS NOT NULL THEN
    ${act}
  END IF;
END $voipdb_temp_check$`;
}
