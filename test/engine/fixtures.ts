// Directory sets written on the fly, so each test can edit its own copy.

import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function writeSet(files: Record<string, string>, name = 'app'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'voipdb-set-')), name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

export const basicSet = {
  'V1__extensions.sql':
    'CREATE TABLE extensions (number VARCHAR(20) PRIMARY KEY, name VARCHAR(80));\nCREATE INDEX extensions_name ON extensions (name);\n',
  'V2__seed.sql':
    "INSERT INTO extensions (number, name) VALUES ('1001', 'Reception');\nINSERT INTO extensions (number, name) VALUES ('1002', 'Sales');\n",
  'V3__queues.sql': 'CREATE TABLE queues (name VARCHAR(80) PRIMARY KEY, strategy VARCHAR(20));\n',
  'R__extension_names.sql': 'CREATE VIEW extension_names AS SELECT number, name FROM extensions;\n',
};
