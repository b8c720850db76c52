// The seed's procedure: `voipdb -c config.ini upgrade head` reads Asterisk's config.ini
// (sqlalchemy.url, script_location) as alembic does; URLs naming a driver voipdb does not
// bundle, or a server that is not there, give one clear line saying so and what to do.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VoipdbError } from '../../src/core/errors.js';
import { connect } from '../../src/db/connect.js';
import { parseTarget } from '../../src/db/url.js';
import { readAsteriskIni } from '../../src/packs/asterisk/config-ini.js';

/** An ini laid out like contrib/ast-db-manage/config.ini.sample, edited as the seed says. */
const INI = `# A generic, single database configuration.

[alembic]
# path to migration scripts
script_location = config

# template used to generate migration files
# file_template = %%(rev)s_%%(slug)s

#sqlalchemy.url = driver://user:pass@localhost/dbname

#sqlalchemy.url = postgresql://user:pass@localhost/asterisk
sqlalchemy.url = mysql://root:password@localhost/asterisk

[loggers]
keys = root,sqlalchemy,alembic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
`;

function write(text: string, name = 'config.ini'): string {
  const p = join(mkdtempSync(join(tmpdir(), 'voipdb-ini-')), name);
  writeFileSync(p, text);
  return p;
}

async function failure(fn: () => unknown): Promise<VoipdbError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VoipdbError);
    return e as VoipdbError;
  }
  throw new Error('expected a VoipdbError');
}

describe("Asterisk's config.ini", () => {
  it('gives the URL and the set, skipping commented alternatives', () => {
    expect(readAsteriskIni(write(INI))).toEqual({
      url: 'mysql://root:password@localhost/asterisk',
      set: 'asterisk/config',
      scriptLocation: 'config',
    });
  });

  it('maps each script_location to its set, paths and %(here)s included', () => {
    const p = write(
      INI.replace('script_location = config', 'script_location = %(here)s/queue_log/').replace(
        /^sqlalchemy.url = .*$/m,
        'sqlalchemy.url = postgresql+psycopg2://ast@db/%(db)s\ndb = queue',
      ),
    );
    const ini = readAsteriskIni(p);
    expect(ini.set).toBe('asterisk/queue_log');
    expect(ini.url).toBe('postgresql+psycopg2://ast@db/queue');
    expect(
      readAsteriskIni(
        write(
          INI.replace(
            'script_location = config',
            'script_location = /usr/src/asterisk/contrib/ast-db-manage/voicemail',
          ),
        ),
      ).set,
    ).toBe('asterisk/voicemail');
  });

  it('says what is wrong and where, without the password', async () => {
    const missing = await failure(() => readAsteriskIni('/nonexistent/config.ini'));
    expect(missing.message).toMatch(/cannot read \/nonexistent\/config.ini: ENOENT/);
    expect(missing.hint).toMatch(/config.ini.sample/);
    const noUrl = await failure(() => readAsteriskIni(write(INI.replace(/^sqlalchemy.url = .*$/m, ''))));
    expect(noUrl.message).toMatch(/sets no sqlalchemy.url/);
    const badSet = await failure(() =>
      readAsteriskIni(write(INI.replace('script_location = config', 'script_location = realtime'))),
    );
    expect(badSet.message).toMatch(/script_location "realtime" .* is not one of Asterisk's sets/);
    expect(badSet.hint).toMatch(/config, voicemail, cdr, queue_log/);
    expect(`${noUrl.message} ${badSet.message}`).not.toContain('password');
  });
});

describe("config.ini URLs (the seed's troubleshooting case)", () => {
  it('serves the SQLAlchemy drivers Asterisk admins name with its own', () => {
    expect(parseTarget('mysql+mysqldb://root:pw@localhost/asterisk')).toMatchObject({
      dialect: 'mysql',
      driver: 'mysql2',
      database: 'asterisk',
    });
    expect(parseTarget('mysql+pymysql://root@localhost/asterisk?charset=utf8')).toMatchObject({
      dialect: 'mysql',
      driver: 'mysql2',
    });
    expect(parseTarget('postgresql+psycopg2://u@h/asterisk')).toMatchObject({ dialect: 'postgres', driver: 'pg' });
  });

  it('refuses databases and drivers it does not bundle, in one line with the next step', async () => {
    const oracle = await failure(() => parseTarget('oracle://scott:tiger@dbhost/asterisk'));
    expect(oracle.kind).toBe('missing-driver');
    expect(oracle.message).toMatch(/does not support oracle databases/);
    expect(oracle.message).not.toContain('tiger');
    const mssql = await failure(() => parseTarget('mssql+pyodbc://sa:secret@dsn'));
    expect(mssql.message).toMatch(/does not support mssql/);
    const odd = await failure(() => parseTarget('mysql+odbc://root:secret@localhost/asterisk'));
    expect(odd.message).toMatch(/driver "mysql\+odbc", which voipdb does not bundle/);
    expect(odd.hint).toMatch(/mysql:\/\/user@host\/db/);
    expect(`${odd.message} ${odd.hint}`).not.toContain('secret');
  });

  it('says the server is unreachable, where, and what to check', async () => {
    const e = await failure(() => connect(parseTarget('mysql://root:s3cret@127.0.0.1:1/asterisk')));
    expect(e.kind).toBe('unreachable');
    expect(e.message).toMatch(/cannot reach the database server at 127\.0\.0\.1:1/);
    expect(e.hint).toMatch(/check that the server is running/);
    expect(`${e.message} ${e.hint} ${e.where}`).not.toContain('s3cret');
  });
});
