// add playlist to moh
// Asterisk config revision fbb7766f17bc (parent: 3a094a18e75b), after contrib/ast-db-manage/config/versions/fbb7766f17bc_add_playlist_to_moh.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: 'fbb7766f17bc',
  parent: '3a094a18e75b',
  description: 'add playlist to moh',
  script: 'fbb7766f17bc_add_playlist_to_moh.py',
  up: (op) => {
    op.createTable(
      'musiconhold_entry',
      [col('name', t.string(80)), col('position', t.integer()), col('entry', t.string(1024), { nullable: false })],
      { primaryKey: ['name', 'position'] },
    );
    op.addForeignKey('musiconhold_entry', ['name'], 'musiconhold', ['name'], {
      name: 'fk_musiconhold_entry_name_musiconhold',
    });
    op.replaceEnumType(
      'moh_mode_values',
      t.enum('moh_mode_values', ['custom', 'files', 'mp3nb', 'quietmp3nb', 'quietmp3', 'playlist']),
      [['musiconhold', 'mode']],
    );
  },
  down: (op) => {
    op.replaceEnumType(
      'moh_mode_values',
      t.enum('moh_mode_values', ['custom', 'files', 'mp3nb', 'quietmp3nb', 'quietmp3']),
      [['musiconhold', 'mode']],
    );
    op.dropTable('musiconhold_entry');
  },
});
