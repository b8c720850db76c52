#!/usr/bin/env python3
# Dev tool: run XiVO 14.08's own database tools against a scratch PostgreSQL server and keep what
# they did, so that the xivo pack and its tests are made from the real thing. Nothing here runs at
# test or run time; CI only reads the files it writes.
#
# Needs the fetched trees exported side by side in TREES (git archive of each tag):
#   mdb     wazo-platform/xivo-manage-db  xivo-14.08      mdb07  the same at xivo-14.07
#   dao     wazo-platform/xivo-dao        xivo-14.08
#   sa      sqlalchemy/sqlalchemy         rel_0_9_4       alembic  sqlalchemy/alembic  rel_0_6_3
# and Debian's python3-psycopg2 / python3-mako, psql and pg_dump, a superuser on SERVER.
#
#   /usr/bin/python3 scripts/xivo-tools.py TREES postgresql://postgres@127.0.0.1:5432 test/fixtures/xivo
#
# It builds two databases and leaves them for test/xivo/reference.gen.test.ts to read:
#   xivoref_init  what `xivo-init-db --init` builds (pg-init-db, alembic stamp head,
#                 Base.metadata.create_all over xivo_dao.alchemy, pg-populate-db)
#   xivoref_up    XiVO 14.07 (datastorage/asterisk.sql + xivo.sql, state files asterisk-last
#                 161.sql, xivo-last 008.sql) upgraded by 14.08's xivo-update-db (the remaining
#                 numbered scripts, pg-merge-db, alembic upgrade head)
# and writes into OUT:
#   tools-14.08.json   the statements the init ran, as SQLAlchemy 0.9.4 / alembic 0.6.3 sent
#                      them, and pg-populate-db's SQL (scripts/xivo-schema.mjs makes the pack's
#                      head model from it)
#   legacy-14.07.json  the 14.07 databases (pg_dump --inserts) and the numbered scripts 14.08 ran
#                      on them, for the upgrade test

import json
import os
import re
import subprocess
import sys
import tempfile

# SQLAlchemy orders unrelated tables partly by hash: one seed for fewer needless changes. Its
# topological sort also goes by object identity, so the order of create_all's statements may still
# differ from run to run; the schema they make does not (test/xivo/catalog.ts compares by name).
if os.environ.get('PYTHONHASHSEED') != '0':
    os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED='0'))

trees, server, out = sys.argv[1:4]
server = server.rstrip('/')
sys.path[:0] = [os.path.join(trees, 'sa', 'lib'), os.path.join(trees, 'alembic'), os.path.join(trees, 'dao')]

# SQLAlchemy 0.9 / alembic 0.6 predate Python 3.10-3.11: give back what they use.
import collections
import collections.abc
import inspect

for _n in ('MutableMapping', 'Mapping', 'Sequence', 'Set', 'MutableSet', 'Iterable', 'Callable', 'Hashable',
           'MutableSequence'):
    if not hasattr(collections, _n):
        setattr(collections, _n, getattr(collections.abc, _n))
_ArgSpec = collections.namedtuple('ArgSpec', 'args varargs keywords defaults')


def _getargspec(f):
    s = inspect.getfullargspec(f)
    return _ArgSpec(s.args, s.varargs, s.varkw, s.defaults)


def _formatargspec(args, varargs=None, varkw=None, defaults=None, kwonlyargs=(), kwonlydefaults=None,
                   annotations=None, formatarg=str, formatvarargs=lambda n: '*' + n,
                   formatvarkw=lambda n: '**' + n, formatvalue=lambda v: '=' + repr(v), **_):
    specs = []
    first = len(args) - len(defaults) if defaults else None
    for i, a in enumerate(args):
        specs.append(formatarg(a) + (formatvalue(defaults[i - first]) if defaults and i >= first else ''))
    if varargs is not None:
        specs.append(formatvarargs(varargs))
    elif kwonlyargs:
        specs.append('*')
    for k in kwonlyargs or ():
        specs.append(formatarg(k) + (formatvalue(kwonlydefaults[k]) if kwonlydefaults and k in kwonlydefaults else ''))
    if varkw is not None:
        specs.append(formatvarkw(varkw))
    return '(' + ', '.join(specs) + ')'


inspect.getargspec = _getargspec
inspect.formatargspec = _formatargspec

import sqlalchemy  # noqa: E402
import alembic  # noqa: E402
from sqlalchemy import create_engine, event  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

assert sqlalchemy.__version__ == '0.9.4', sqlalchemy.__version__
assert alembic.__version__ == '0.6.3', alembic.__version__

ENV = dict(os.environ, PGOPTIONS='--client-min-messages=warning')
INIT_DB, UP_DB, UP_XIVO_DB = 'xivoref_init', 'xivoref_up', 'xivoref_upx'
host = server.split('://', 1)[1].split('@', 1)[-1]


def psql(db, sql=None, file=None):
    args = ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', f'{server}/{db}']
    args += ['-f', file] if file else []
    subprocess.run(args, input=sql, text=True, check=True, env=ENV, stdout=subprocess.DEVNULL)


def heredoc(path):
    """The SQL of a bin/pg-*-db script: its psql heredocs."""
    text = open(path).read()
    return ''.join(m.group(1) for m in re.finditer(r"<<'EOF'\n(.*?)\nEOF", text, re.S))


captured = []


@event.listens_for(Engine, 'before_cursor_execute')
def _capture(conn, cursor, statement, parameters, context, executemany):
    captured.append((statement, parameters))


def taken(kind):
    """DDL and writes only: create_all's and alembic's catalog look-ups are not part of the schema."""
    out = []
    for statement, parameters in captured:
        s = statement.strip()
        if re.match(r'(CREATE|ALTER|INSERT|UPDATE|DELETE|DROP)\b', s):
            if parameters:
                raise SystemExit(f'{kind}: a statement with parameters: {s[:80]}')
            out.append(s)
    captured.clear()
    return out


def alembic_cmd(db, *args):
    from alembic.config import Config
    from alembic import command
    cfg = Config(os.path.join(trees, 'mdb', 'alembic.ini'))
    cfg.set_main_option('script_location', os.path.join(trees, 'mdb', 'alembic'))
    cfg.set_main_option('sqlalchemy.url', f'postgresql://asterisk:proformatique@{host}/{db}')
    getattr(command, args[0])(cfg, *args[1:])


def drop(*dbs):
    for db in dbs:
        psql('postgres', f'DROP DATABASE IF EXISTS "{db}";')


# --- xivo-init-db --init --------------------------------------------------------------------
drop(INIT_DB)
init_sql = heredoc(os.path.join(trees, 'mdb', 'bin', 'pg-init-db'))
psql('postgres', init_sql.replace('DATABASE "asterisk"', f'DATABASE "{INIT_DB}"'))
captured.clear()
alembic_cmd(INIT_DB, 'stamp', 'head')
stamp = taken('stamp')
from xivo_dao import alchemy  # noqa: E402,F401  (imports every model)
from xivo_dao.helpers.db_manager import Base  # noqa: E402

engine = create_engine(f'postgresql://asterisk:proformatique@{host}/{INIT_DB}')
Base.metadata.create_all(bind=engine)
engine.dispose()
create_all = taken('create_all')
populate = heredoc(os.path.join(trees, 'mdb', 'bin', 'pg-populate-db'))
psql(INIT_DB, populate)

# --- 14.07, upgraded by xivo-update-db 14.08 -------------------------------------------------
drop(UP_DB, UP_XIVO_DB)
psql('postgres', 'DROP ROLE IF EXISTS xivo;')
for name, db in (('asterisk', UP_DB), ('xivo', UP_XIVO_DB)):
    text = open(os.path.join(trees, 'mdb07', 'datastorage', f'{name}.sql')).read()
    text = text.replace(f'CREATE DATABASE {name} WITH', f'CREATE DATABASE {db} WITH').replace(
        f'\\connect {name};', f'\\connect {db};')
    with tempfile.NamedTemporaryFile('w', suffix='.sql') as f:
        f.write(text)
        f.flush()
        psql('postgres', file=f.name)


def dump(db):
    """pg_dump of a 14.07 database as plain statements a test can run (no psql variables, no COPY)."""
    text = subprocess.run(['pg_dump', '--inserts', '--no-owner', '--no-privileges', '-d', f'{server}/{db}'],
                          check=True, capture_output=True, text=True).stdout
    # Session settings and psql meta-commands (\\restrict) are not the database. Only whole lines of
    # pg_dump's own are matched: --inserts writes a string's newlines as they are.
    return re.sub(r'^(SET \w+ = .*;|SELECT pg_catalog\.set_config\(.*\);|\\(un)?restrict \w+)\n', '', text, flags=re.M)


legacy = {
    'from': 'xivo-manage-db xivo-14.07 datastorage/asterisk.sql and xivo.sql, run by psql, then pg_dump --inserts',
    'state': {'asterisk-last': '161.sql', 'xivo-last': '008.sql'},
    'databases': {'asterisk': dump(UP_DB), 'xivo': dump(UP_XIVO_DB)},
    'migration': {},
}

# xivo-update-db-old: every script whose id is above the state file's, in name order.
mig = os.path.join(trees, 'mdb', 'migration')
for name, db in (('asterisk', UP_DB), ('xivo', UP_XIVO_DB)):
    last = legacy['state'][f'{name}-last']
    for f in sorted(os.listdir(mig)):
        if f.startswith(f'{name}-') and f[len(name) + 1:] > last:
            legacy['migration'][f] = open(os.path.join(mig, f)).read()
            psql(db, file=os.path.join(mig, f))

# pg-merge-db, on the scratch names
subprocess.run(f"pg_dump '{server}/{UP_XIVO_DB}' | psql -X -q -v ON_ERROR_STOP=1 -d '{server}/{UP_DB}'",
               shell=True, check=True, env=ENV, stdout=subprocess.DEVNULL)
owners = subprocess.run(['pg_dump', '-s', '-d', f'{server}/{UP_DB}'], check=True, capture_output=True,
                        text=True).stdout
psql(UP_DB, ''.join(re.sub(r'OWNER TO.*;$', 'OWNER TO asterisk;', line) + '\n'
                    for line in owners.splitlines() if re.search(r'public\..*OWNER TO', line)))
psql(UP_DB, 'DROP OWNED BY xivo;')
drop(UP_XIVO_DB)
psql('postgres', 'DROP ROLE xivo;')
captured.clear()
alembic_cmd(UP_DB, 'upgrade', 'head')
upgrade = taken('upgrade')

os.makedirs(out, exist_ok=True)
with open(os.path.join(out, 'tools-14.08.json'), 'w') as f:
    json.dump({
        'from': 'xivo-manage-db / xivo-dao xivo-14.08 with SQLAlchemy 0.9.4 and alembic 0.6.3 on PostgreSQL; '
                'regenerate with scripts/xivo-tools.py',
        'stamp': stamp,
        'createAll': create_all,
        'populate': populate,
        'upgrade': upgrade,
    }, f, indent=1, ensure_ascii=False)
    f.write('\n')
with open(os.path.join(out, 'legacy-14.07.json'), 'w') as f:
    json.dump(legacy, f, indent=1, ensure_ascii=False)
    f.write('\n')
print(f'{len(stamp)} stamp, {len(create_all)} create_all, {len(upgrade)} upgrade statements; '
      f'{len(legacy["migration"])} legacy scripts; databases {INIT_DB} and {UP_DB} left for the reference dump')
