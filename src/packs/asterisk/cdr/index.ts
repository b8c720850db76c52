// The cdr set: every revision of Asterisk's contrib/ast-db-manage/cdr, oldest first.

import rev_210693f3123d from './210693f3123d_create_cdr_table.js';
import rev_54cde9847798 from './54cde9847798_expand_accountcode_to_80.js';

export const cdrRevisions = [rev_210693f3123d, rev_54cde9847798];
