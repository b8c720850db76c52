// How mod_odbc_cdr fills the Ominis `cdr` table: for each column, the FreeSWITCH channel variable
// it takes (mod_odbc_cdr looks up channel variables, then global ones) and whether the value is
// quoted. A column with no variable is left to its default or to another writer, with the reason.

export interface CdrField {
  column: string;
  /** Channel variable mod_odbc_cdr reads; undefined = not written by mod_odbc_cdr. */
  chanVar?: string;
  /** false for numbers (mod_odbc_cdr quotes every value unless told not to). */
  quote?: boolean;
  /** Why the column is not mapped, or where the variable comes from. */
  note?: string;
}

export const cdrFields: CdrField[] = [
  { column: 'uuid', chanVar: 'uuid' },
  { column: 'caller_id_name', chanVar: 'caller_id_name' },
  { column: 'caller_id_number', chanVar: 'caller_id_number' },
  { column: 'destination_number', chanVar: 'destination_number' },
  { column: 'context', chanVar: 'context' },
  { column: 'start_stamp', chanVar: 'start_stamp' },
  { column: 'answer_stamp', chanVar: 'answer_stamp', note: 'absent (NULL) when the call was not answered' },
  { column: 'end_stamp', chanVar: 'end_stamp' },
  { column: 'duration', chanVar: 'duration', quote: false },
  { column: 'billsec', chanVar: 'billsec', quote: false },
  { column: 'hangup_cause', chanVar: 'hangup_cause' },
  { column: 'json_cdr', note: 'no channel variable holds the JSON CDR: mod_json_cdr or the API fills it' },
  { column: 'queue_name', chanVar: 'cc_queue', note: 'set by mod_callcenter' },
  { column: 'agent_name', chanVar: 'cc_agent', note: 'set by mod_callcenter' },
  { column: 'member_session_uuid', chanVar: 'cc_member_session_uuid', note: 'set by mod_callcenter' },
  { column: 'member_state', chanVar: 'cc_cause', note: "mod_callcenter's outcome for the member: answered or cancel" },
  { column: 'switch_name', chanVar: 'hostname', note: 'global variable: the FreeSWITCH node' },
  { column: 'created_at', note: 'the database fills it (DEFAULT CURRENT_TIMESTAMP)' },
];
