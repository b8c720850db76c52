// oVirt's rule for helper functions an upgrade script makes for itself: name them __temp_<name>
// and drop them before the script ends. voipdb checks after every script, inside its transaction,
// so a script that leaves one behind fails and changes nothing.

import { sqlString } from '../../dialect/dialect.js';

export const TEMP_PREFIX = '__temp_';

/** A statement that fails, naming the function(s) and the script, when a __temp_ function is left. */
export function tempFunctionCheck(script: string): string {
  return `DO $voipdb_temp_check$
DECLARE v_left text;
BEGIN
  SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY p.oid::regprocedure::text) INTO v_left
    FROM pg_proc p WHERE p.proname LIKE '\\_\\_temp\\_%';
  IF v_left IS NOT NULL THEN
    RAISE EXCEPTION 'temporary function % left behind by %: drop it at the end of the script (DROP FUNCTION %)', v_left, ${sqlString(script)}, v_left;
  END IF;
END $voipdb_temp_check$`;
}
