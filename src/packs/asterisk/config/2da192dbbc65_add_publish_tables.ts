// add publish tables
// Asterisk config revision 2da192dbbc65 (parent: 8fce4c573e15), after contrib/ast-db-manage/config/versions/2da192dbbc65_add_publish_tables.py.

import { col, t } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: '2da192dbbc65',
  parent: '8fce4c573e15',
  description: 'add publish tables',
  script: '2da192dbbc65_add_publish_tables.py',
  up: (op) => {
    op.createTable('ps_outbound_publishes', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('expiration', t.integer()),
      col('outbound_auth', t.string(40)),
      col('outbound_proxy', t.string(256)),
      col('server_uri', t.string(256)),
      col('from_uri', t.string(256)),
      col('to_uri', t.string(256)),
      col('event', t.string(40)),
      col('max_auth_attempts', t.integer()),
      col('transport', t.string(40)),
      col('multi_user', yesnoValues),
      col('@body', t.string(40)),
      col('@context', t.string(256)),
      col('@exten', t.string(256)),
    ]);
    op.createIndex('ps_outbound_publishes_id', 'ps_outbound_publishes', ['id']);
    op.createTable('ps_inbound_publications', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('endpoint', t.string(40)),
      col('event_asterisk-devicestate', t.string(40)),
      col('event_asterisk-mwi', t.string(40)),
    ]);
    op.createIndex('ps_inbound_publications_id', 'ps_inbound_publications', ['id']);
    op.createTable('ps_asterisk_publications', [
      col('id', t.string(40), { nullable: false, unique: true }),
      col('devicestate_publish', t.string(40)),
      col('mailboxstate_publish', t.string(40)),
      col('device_state', yesnoValues),
      col('device_state_filter', t.string(256)),
      col('mailbox_state', yesnoValues),
      col('mailbox_state_filter', t.string(256)),
    ]);
    op.createIndex('ps_asterisk_publications_id', 'ps_asterisk_publications', ['id']);
  },
  down: (op) => {
    op.dropTable('ps_outbound_publishes');
    op.dropTable('ps_inbound_publications');
    op.dropTable('ps_asterisk_publications');
  },
});
