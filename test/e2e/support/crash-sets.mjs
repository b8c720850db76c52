// Two small sets for the crash tests, each kept by an alembic version table as Asterisk's are:
// crashinst (operations only: installed at head in one step) and crashset (operations, SQL text
// with seed rows, and a CREATE INDEX CONCURRENTLY outside any transaction on PostgreSQL).

import { col, t } from '../../../dist/index.js';
import { AlembicVersionTable } from '../../../dist/packs/asterisk/version-table.js';

const m = (version, parent, up, extra = {}) => ({
  version,
  parent,
  kind: 'versioned',
  description: `step ${version}`,
  script: `${version}_step.py`,
  up,
  ...extra,
});

export function crashSets() {
  return [
    {
      name: 'crashinst',
      convention: 'revision',
      versionRecords: [new AlembicVersionTable('crashinst')],
      migrations: [
        m('i1', null, {
          ops: (op) => {
            op.createTable('device', [col('id', t.integer(), { primaryKey: true }), col('name', t.string(40))]);
            op.createTable('port', [col('id', t.integer(), { primaryKey: true }), col('device_id', t.integer())]);
            op.createIndex('ix_port_device', 'port', ['device_id']);
          },
        }),
        m('i2', 'i1', {
          ops: (op) => {
            op.addColumn('device', col('serial', t.string(20)));
            op.createIndex('ix_device_serial', 'device', ['serial'], { unique: true });
          },
        }),
      ],
    },
    {
      name: 'crashset',
      convention: 'revision',
      versionRecords: [new AlembicVersionTable('crashset')],
      migrations: [
        m('a1', null, {
          ops: (op) => {
            op.createTable('phone', [col('id', t.integer(), { primaryKey: true }), col('name', t.string(40))]);
            op.createTable('line', [col('id', t.integer(), { primaryKey: true }), col('phone_id', t.integer())]);
            op.createIndex('ix_line_phone', 'line', ['phone_id']);
          },
        }),
        m('b2', 'a1', {
          ops: (op) => {
            op.addColumn('phone', col('mac', t.string(17)));
            op.createIndex('ix_phone_mac', 'phone', ['mac'], { unique: true });
            op.addColumn('line', col('label', t.string(20)));
          },
        }),
        m('c3', 'b2', {
          sql: `CREATE TABLE seen (id INTEGER PRIMARY KEY, v INTEGER);
INSERT INTO seen (id, v) VALUES (1, 10);
INSERT INTO seen (id, v) VALUES (2, 20);
ALTER TABLE phone ADD COLUMN model VARCHAR(20);
INSERT INTO phone (id, name, model) VALUES (1, 'hall', 'x');
UPDATE seen SET v = v + 1;
`,
        }),
        m(
          'd4',
          'c3',
          {
            sql: {
              postgres: 'CREATE INDEX CONCURRENTLY ix_seen_v ON seen (v)',
              default: 'CREATE INDEX ix_seen_v ON seen (v)',
            },
          },
          { transactional: false },
        ),
      ],
    },
  ];
}
