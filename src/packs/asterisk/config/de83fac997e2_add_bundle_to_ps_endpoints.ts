// add bundle to ps_endpoints
// Asterisk config revision de83fac997e2 (parent: 20abce6d1e3c), after contrib/ast-db-manage/config/versions/de83fac997e2_add_bundle_to_ps_endpoints.py.

import { col } from '../../../schema/operations.js';
import { yesnoValues } from '../enums.js';
import { revision } from '../revision.js';

export default revision({
  id: 'de83fac997e2',
  parent: '20abce6d1e3c',
  description: 'add bundle to ps_endpoints',
  script: 'de83fac997e2_add_bundle_to_ps_endpoints.py',
  up: (op) => {
    op.addColumn('ps_endpoints', col('bundle', yesnoValues));
  },
  down: (op) => {
    op.dropColumn('ps_endpoints', 'bundle');
  },
});
