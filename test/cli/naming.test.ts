import { describe, expect, it } from 'vitest';
import { nextFileName } from '../../src/engine/next-file.js';
import { detectConvention } from '../../src/engine/sources.js';
import { readAlembicIni } from '../../src/core/config.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('voipdb new names the next file by the set convention', () => {
  it('Flyway', () => {
    expect(nextFileName(['V1__a.sql', 'V2__b.sql', 'V10__c.sql', 'R__views.sql'], 'Add queue log id')).toBe(
      'V11__add_queue_log_id.sql',
    );
  });
  it('oVirt steps by 10 within the newest major.minor', () => {
    expect(nextFileName(['04_01_0010_a.sql', '04_02_0030_b.sql', '04_02_0020_c.sql'], 'add vm column')).toBe(
      '04_02_0040_AddVmColumn.sql',
    );
  });
  it('numbered keeps the width', () => {
    expect(nextFileName(['0001_a.sql', '0009_b.sql'], 'x')).toBe('0010_x.sql');
  });
  it('XiVO legacy', () => {
    expect(detectConvention(['asterisk-165.sql', 'asterisk-166.sql'])).toBe('xivo-legacy');
    expect(nextFileName(['asterisk-165.sql', 'asterisk-166.sql'], 'x')).toBe('asterisk-167.sql');
  });
  it('modules keep the language of the newest one', () => {
    expect(nextFileName(['0001_a.ts', '0002_b.ts'], 'x y')).toBe('0003_x_y.ts');
    expect(nextFileName(['0001_a.ts', '0002_b.mjs'], 'x')).toBe('0003_x.mjs');
    expect(nextFileName(['0001_a.js'], 'x')).toBe('0002_x.js');
  });
});

describe("Asterisk's config.ini", () => {
  it('gives the URL and the script location', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'voipdb-ini-')), 'config.ini');
    writeFileSync(
      f,
      '[alembic]\nscript_location = config\nsqlalchemy.url = mysql://user:pass@localhost/asterisk\n\n[loggers]\nkeys = root\n',
    );
    expect(readAlembicIni(f)).toMatchObject({
      url: 'mysql://user:pass@localhost/asterisk',
      alembicScriptLocation: 'config',
    });
  });
});
