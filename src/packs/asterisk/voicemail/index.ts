// The voicemail set: every revision of Asterisk's contrib/ast-db-manage/voicemail, oldest first.

import rev_a2e9769475e from './a2e9769475e_create_tables.js';
import rev_39428242f7f5 from './39428242f7f5_increase_recording_column_size.js';
import rev_1c55c341360f from './1c55c341360f_remove_macrocontext_field.js';
import rev_64fae6bbe7fb from './64fae6bbe7fb_drop_redundant_index.js';

export const voicemailRevisions = [rev_a2e9769475e, rev_39428242f7f5, rev_1c55c341360f, rev_64fae6bbe7fb];
