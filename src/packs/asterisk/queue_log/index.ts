// The queue_log set: every revision of Asterisk's contrib/ast-db-manage/queue_log, oldest first.

import rev_4105ee839f58 from './4105ee839f58_create_queue_log_table.js';

export const queueLogRevisions = [rev_4105ee839f58];
