"""Engine, sessions and migrations. Nothing is created at import: `make_engine(url)` and
`session_factory(engine)` are called by whoever needs a database (CLI, web app, tests), so that each
test can have its own.

The URL is `--db`, else `LUOSHI_DATABASE_URL` (or the configuration file), else `sqlite:///luoshi.db`.
A bare file path is taken as a SQLite file. SQLite gets foreign keys on and WAL journaling; PostgreSQL
(and the forks that speak its protocol: KingbaseES, openGauss) a connect timeout.

Schema versions are Alembic revisions (migrations/versions). `check_db` refuses a database that is not
at the latest one, with what to do in one line; `migrate` moves one to a given revision inside the
caller's transaction (upgrades with a backup first are `luoshi.ledger.operations.upgrade`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from luoshi.errors import LuoshiError, Unavailable

DEFAULT_URL = "sqlite:///luoshi.db"


def resolve_url(url: str | None = None) -> str:
    """`url` if given, else the setting; a plain path becomes a SQLite URL."""
    if not url:
        from luoshi.config import get_settings

        url = get_settings().database_url
    if "://" not in url:
        url = f"sqlite:///{url}"
    return url


def make_engine(url: str | None = None, *, schema: str | None = None, **kw: Any) -> Engine:
    """An engine for `url`. `schema` (PostgreSQL only) sets the search_path of every connection, so a
    test can live in its own schema."""
    url = resolve_url(url)
    if url.startswith("sqlite"):
        kw.setdefault("connect_args", {"check_same_thread": False})
    elif url.startswith("postgresql"):
        kw.setdefault("connect_args", {}).setdefault("connect_timeout", 10)
    engine = create_engine(url, **kw)
    if engine.dialect.name == "postgresql":
        _read_fork_versions(engine)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in url and url not in ("sqlite://", "sqlite:///"):
                cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

    elif schema:

        @event.listens_for(engine, "connect")
        def _search_path(dbapi_conn: Any, _record: Any) -> None:
            autocommit = dbapi_conn.autocommit
            dbapi_conn.autocommit = True
            cur = dbapi_conn.cursor()
            cur.execute(f'SET search_path TO "{schema}"')
            cur.close()
            dbapi_conn.autocommit = autocommit

    return engine


def _read_fork_versions(engine: Engine) -> None:
    """SQLAlchemy reads the server version from `version()`, which KingbaseES ("KingbaseES V008R006…")
    and newer openGauss ("(openGauss 7.0.0 build …)") do not begin with "PostgreSQL x.y": fall back to
    the server_version they report in PostgreSQL's own form."""
    dialect = engine.dialect
    parse = dialect._get_server_version_info

    def server_version(connection: Connection) -> tuple[int, ...]:
        try:
            return tuple(parse(connection))
        except AssertionError:
            return fork_version(str(connection.exec_driver_sql("SHOW server_version").scalar()))

    dialect._get_server_version_info = server_version  # type: ignore[method-assign]


def fork_version(text: str) -> tuple[int, ...]:
    """(12, 1) from "12.1", (9, 2, 4) from "9.2.4 (openGauss…)"; (9, 6) when nothing can be read."""
    import re

    found = re.match(r"\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?", text)
    return tuple(int(x) for x in found.groups() if x is not None) if found else (9, 6)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    event.listen(factory, "before_flush", _bump_on_content_change)
    event.listen(factory, "after_transaction_end", _forget_bump)
    return factory


# Rows that are not the ledger's content: writing them leaves cached views valid.
_NOT_CONTENT = ("audit_events", "user_sessions", "login_throttle", "ledger_state", "users", "urges",
                "urge_targets")


def bump_ledger_version(session: Session) -> None:
    """Move the ledger's version, once per transaction, inside that transaction. The row stays locked
    until commit, so writers take turns on it: once version v can be read, every transaction that bumped
    to v or below has committed, and a view computed after reading v cannot be stale under that key.
    (The largest audit id had no such order: commits finishing out of order left views stale.)"""
    if session.info.get("ledger_bumped"):
        return
    from sqlalchemy import update

    from luoshi.ledger.storage.models import LedgerState

    session.info["ledger_bumped"] = True
    session.info["ledger_version"] = session.scalar(
        update(LedgerState).where(LedgerState.id == 1).values(version=LedgerState.version + 1)
        .returning(LedgerState.version))


def claim_version(session: Session, obj: Any, expected: int | None, *conditions: Any, content: bool = True) -> bool:
    """Move `obj.version` on by one if it is still `expected` (default: the version loaded with it) and
    `conditions` hold, in one conditional UPDATE. False when someone else changed the row first: the
    caller then writes nothing and reports a conflict. On PostgreSQL a concurrent claimant waits for
    the first to commit and then finds the version moved; on SQLite writers are serialised anyway.
    `content=False`: the row is not ledger content (a 催办), so the ledger's version stays."""
    from sqlalchemy import update
    from sqlalchemy.orm.attributes import set_committed_value

    model = type(obj)
    seen = obj.version if expected is None else expected
    if content:
        bump_ledger_version(session)
    res = session.execute(update(model).where(model.id == obj.id, model.version == seen, *conditions)
                          .values(version=model.version + 1).execution_options(synchronize_session=False))
    if res.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(obj)
        return False
    set_committed_value(obj, "version", seen + 1)
    return True


def ledger_version(session: Session) -> int:
    return int(session.scalar(_version_query()) or 0)


@cache
def _version_query() -> Any:
    """Asked on every page: built once."""
    from sqlalchemy import select

    from luoshi.ledger.storage.models import LedgerState

    return select(LedgerState.version).where(LedgerState.id == 1)


def _bump_on_content_change(session: Session, _context: Any, _instances: Any) -> None:
    if not session.info.get("ledger_bumped"):
        for obj in (*session.new, *session.dirty, *session.deleted):
            if getattr(obj, "__tablename__", None) not in _NOT_CONTENT:
                bump_ledger_version(session)
                break
    version = session.info.get("ledger_version")
    if version is not None:  # the audit events of a content change carry the version it made
        for obj in session.new:
            if getattr(obj, "__tablename__", None) == "audit_events" and obj.ledger_version is None:
                obj.ledger_version = version


def _forget_bump(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop("ledger_bumped", None)
        session.info.pop("ledger_version", None)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error: nothing half-written."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _alembic_config(engine: Engine | None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("luoshi.ledger.storage").joinpath("migrations")))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(conn: Connection, revision: str = "head") -> None:
    """Bring the database of `conn` to `revision` (upgrading only), inside the caller's transaction: on
    PostgreSQL a failure leaves the schema as it was."""
    from alembic import command

    if revision != "head" and revision not in known_revisions():
        raise LuoshiError(f"数据库版本 {revision} 比本程序新，请安装新版本的落实 / revision unknown to this program")
    cfg = _alembic_config(None)
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)


@contextmanager
def schema_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction around migrations (and the rows loaded with them) that no statement escapes.
    PostgreSQL has transactional DDL. SQLite's driver would commit each CREATE, ALTER or DROP on its own,
    so there the transaction is begun by hand; foreign keys are off for its length and checked before
    the commit, as SQLite's own procedure for rebuilding a table prescribes (dropping a referenced
    table would fail otherwise)."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            yield conn
        return
    with engine.connect() as conn:
        raw: Any = conn.connection.dbapi_connection
        level = raw.isolation_level
        raw.isolation_level = None  # no transaction begun or ended behind our back
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                conn.exec_driver_sql("BEGIN")
                yield conn
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise LuoshiError(f"外键不一致（{len(broken)} 处，如表 {broken[0][0]}），未做任何修改 / "
                                      "foreign keys broken, nothing written")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
            raw.isolation_level = level


def init_db(engine: Engine) -> str:
    """Create or upgrade every table to the latest migration; returns the revision."""
    with schema_transaction(engine) as conn:
        migrate(conn)
    return current_revision(engine) or ""


def _script() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None))


def head_revision() -> str:
    return str(_script().get_current_head() or "")


def known_revisions() -> set[str]:
    return {rev.revision for rev in _script().walk_revisions()}


def current_revision(engine: Engine | Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    if isinstance(engine, Connection):
        return MigrationContext.configure(engine).get_current_revision()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def schema_problem(engine: Engine) -> str | None:
    """Why the program cannot work on this database as it is (one line saying what to do), or None."""
    if not inspect(engine).has_table("alembic_version"):
        return f"数据库未初始化，请先运行 luoshi db upgrade / database not initialised: {engine.url!r}"
    rev, head = current_revision(engine), head_revision()
    if rev == head:
        return None
    if rev not in known_revisions():
        return (f"数据库版本 {rev} 比本程序（{head}）新，请安装新版本的落实 / "
                "the database was upgraded by a newer version")
    return (f"数据库版本 {rev} 落后于程序（{head}），请先运行 luoshi db upgrade（会先自动备份）/ "
            "database needs upgrade")


def check_db(engine: Engine) -> None:
    """Refuse to work on a database that is not initialised or not at the latest migration."""
    problem = schema_problem(engine)
    if problem:
        raise LuoshiError(problem)


# Failures of the connection that trying again later can cure (the server is starting, the network is
# back), as opposed to a wrong password or database name.
TRANSIENT = ("connection refused", "timeout expired", "timed out", "could not translate host name",
             "name or service not known", "no route to host", "network is unreachable",
             "the database system is starting up", "the database system is shutting down",
             "the database system is in recovery mode", "server closed the connection unexpectedly",
             "too many clients")


def unreachable(engine: Engine, error: Exception) -> LuoshiError:
    """The one-line error for a database that cannot be opened; Unavailable (exit 3) when retrying may help."""
    first = str(error).splitlines()[0] if str(error) else type(error).__name__
    where = engine.url.render_as_string(hide_password=True)
    lowered = str(error).lower()
    if engine.dialect.name != "sqlite" and any(t in lowered for t in TRANSIENT):
        return Unavailable(f"无法连接数据库 {where}：{first} / database unreachable")
    return LuoshiError(f"无法打开数据库 {where}：{first} / cannot open database")


def open_db(url: str | None = None, *, init: bool = False) -> tuple[Engine, sessionmaker[Session]]:
    """Engine and session factory for `url`, checked. `init=True` creates the tables of a new, empty
    database; an existing one made by an earlier version is refused all the same (its upgrade takes a
    backup first: `luoshi db upgrade`)."""
    engine = make_engine(url)
    try:
        if init and not inspect(engine).get_table_names():
            init_db(engine)
        check_db(engine)
    except LuoshiError:
        engine.dispose()
        raise
    except Exception as e:  # a wrong URL, an unreachable server, a file that is not a database
        engine.dispose()
        raise unreachable(engine, e) from e
    return engine, session_factory(engine)


def new_revision(message: str) -> str:
    """For developers: write a new migration for the models' changes (autogenerated against a temporary
    SQLite database at the current head) into ledger/storage/migrations/versions; returns its path. Review it,
    then `luoshi db upgrade` applies it. Also add a case to the upgrade test's fixture if the change
    moves data (tests/ledger/test_upgrade.py).

        python -c "from luoshi.ledger.storage.db import new_revision; print(new_revision('add target tags'))"
    """
    import tempfile

    from alembic import command

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/rev.db")
        init_db(engine)
        heads = head_revision()
        rev_id = f"{int(heads) + 1:04d}" if heads.isdigit() else None
        with engine.begin() as conn:
            cfg = _alembic_config(engine)
            cfg.attributes["connection"] = conn
            script = command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)
        engine.dispose()
    if script is None or isinstance(script, list):
        raise LuoshiError("no migration written")
    return str(script.path)
