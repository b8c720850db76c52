// Add TCP keepalive settings to ps_transports
// Asterisk config revision 8fce8496f03e (parent: 74dc751dfe8e), after contrib/ast-db-manage/config/versions/8fce8496f03e_add_tcp_keepalive_settings_to_ps_.py.

import { col, t } from '../../../schema/operations.js';
import { revision } from '../revision.js';

export default revision({
  id: '8fce8496f03e',
  parent: '74dc751dfe8e',
  description: 'Add TCP keepalive settings to ps_transports',
  script: '8fce8496f03e_add_tcp_keepalive_settings_to_ps_.py',
  up: (op) => {
    op.addColumn('ps_transports', col('tcp_keepalive_enable', t.boolean()));
    op.addColumn('ps_transports', col('tcp_keepalive_idle_time', t.integer()));
    op.addColumn('ps_transports', col('tcp_keepalive_interval_time', t.integer()));
    op.addColumn('ps_transports', col('tcp_keepalive_probe_count', t.integer()));
  },
  down: (op) => {
    op.dropColumn('ps_transports', 'tcp_keepalive_enable');
    op.dropColumn('ps_transports', 'tcp_keepalive_idle_time');
    op.dropColumn('ps_transports', 'tcp_keepalive_interval_time');
    op.dropColumn('ps_transports', 'tcp_keepalive_probe_count');
  },
});
