// Create queue tables
// Asterisk config revision 28887f25a46f (parent: 21e526ad3040), after contrib/ast-db-manage/config/versions/28887f25a46f_create_queue_tables.py.

import { col, t } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

const queueAutopauseValues = t.enum('queue_autopause_values', ['yes', 'no', 'all']);
const queueStrategyValues = t.enum('queue_strategy_values', [
  'ringall',
  'leastrecent',
  'fewestcalls',
  'random',
  'rrmemory',
  'linear',
  'wrandom',
  'rrordered',
]);

export default revision({
  id: '28887f25a46f',
  parent: '21e526ad3040',
  description: 'Create queue tables',
  script: '28887f25a46f_create_queue_tables.py',
  up: (op) => {
    op.createTable('queues', [
      col('name', t.string(128), { primaryKey: true }),
      col('musiconhold', t.string(128)),
      col('announce', t.string(128)),
      col('context', t.string(128)),
      col('timeout', t.integer()),
      col('ringinuse', yesnoValues),
      col('setinterfacevar', yesnoValues),
      col('setqueuevar', yesnoValues),
      col('setqueueentryvar', yesnoValues),
      col('monitor_format', t.string(8)),
      col('membermacro', t.string(512)),
      col('membergosub', t.string(512)),
      col('queue_youarenext', t.string(128)),
      col('queue_thereare', t.string(128)),
      col('queue_callswaiting', t.string(128)),
      col('queue_quantity1', t.string(128)),
      col('queue_quantity2', t.string(128)),
      col('queue_holdtime', t.string(128)),
      col('queue_minutes', t.string(128)),
      col('queue_minute', t.string(128)),
      col('queue_seconds', t.string(128)),
      col('queue_thankyou', t.string(128)),
      col('queue_callerannounce', t.string(128)),
      col('queue_reporthold', t.string(128)),
      col('announce_frequency', t.integer()),
      col('announce_to_first_user', yesnoValues),
      col('min_announce_frequency', t.integer()),
      col('announce_round_seconds', t.integer()),
      col('announce_holdtime', t.string(128)),
      col('announce_position', t.string(128)),
      col('announce_position_limit', t.integer()),
      col('periodic_announce', t.string(50)),
      col('periodic_announce_frequency', t.integer()),
      col('relative_periodic_announce', yesnoValues),
      col('random_periodic_announce', yesnoValues),
      col('retry', t.integer()),
      col('wrapuptime', t.integer()),
      col('penaltymemberslimit', t.integer()),
      col('autofill', yesnoValues),
      col('monitor_type', t.string(128)),
      col('autopause', queueAutopauseValues),
      col('autopausedelay', t.integer()),
      col('autopausebusy', yesnoValues),
      col('autopauseunavail', yesnoValues),
      col('maxlen', t.integer()),
      col('servicelevel', t.integer()),
      col('strategy', queueStrategyValues),
      col('joinempty', t.string(128)),
      col('leavewhenempty', t.string(128)),
      col('reportholdtime', yesnoValues),
      col('memberdelay', t.integer()),
      col('weight', t.integer()),
      col('timeoutrestart', yesnoValues),
      col('defaultrule', t.string(128)),
      col('timeoutpriority', t.string(128)),
    ]);
    op.createTable(
      'queue_members',
      [
        col('queue_name', t.string(80)),
        col('interface', t.string(80)),
        col('uniqueid', t.string(80), { nullable: false }),
        col('membername', t.string(80)),
        col('state_interface', t.string(80)),
        col('penalty', t.integer()),
        col('paused', t.integer()),
      ],
      { primaryKey: ['queue_name', 'interface'] },
    );
  },
  down: (op) => {
    op.dropTable('queues');
    op.dropTable('queue_members');
    op.dropEnum('queue_strategy_values');
    op.dropEnum('queue_autopause_values');
  },
});
