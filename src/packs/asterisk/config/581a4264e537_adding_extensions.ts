// adding extensions
// Asterisk config revision 581a4264e537 (parent: 43956d550a44), after contrib/ast-db-manage/config/versions/581a4264e537_adding_extensions.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '581a4264e537',
  parent: '43956d550a44',
  description: 'adding extensions',
  script: '581a4264e537_adding_extensions.py',
  up: (op) => {
    op.createTable(
      'extensions',
      [
        col('id', t.bigint(), { primaryKey: true, unique: true, autoIncrement: true }),
        col('context', t.string(40), { nullable: false }),
        col('exten', t.string(40), { nullable: false }),
        col('priority', t.integer(), { nullable: false }),
        col('app', t.string(40), { nullable: false }),
        col('appdata', t.string(256), { nullable: false }),
      ],
      { uniques: [['context', 'exten', 'priority']] },
    );
  },
  down: (op) => {
    op.dropTable('extensions');
  },
});
