"""Engine, sessions and migrations. Nothing is created at import: `make_engine(url)` and
`session_factory(engine)` are called by whoever needs a database (CLI, web app, tests), so that each
test can have its own.

The URL is `--db`, else `LUOSHI_DATABASE_URL`, else `sqlite:///luoshi.db`. A bare file path is taken
as a SQLite file. SQLite gets foreign keys on and WAL journaling.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from luoshi.errors import LuoshiError

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
    engine = create_engine(url, **kw)
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


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


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


def init_db(engine: Engine) -> str:
    """Create or upgrade every table to the latest migration; returns the revision."""
    from alembic import command

    with engine.begin() as conn:
        cfg = _alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return current_revision(engine) or ""


def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("luoshi.ledger.storage").joinpath("migrations")))
    script = ScriptDirectory.from_config(cfg)
    return script.get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_db(engine: Engine) -> None:
    """Refuse to work on a database that is not initialised or not at the latest migration."""
    if not inspect(engine).has_table("alembic_version"):
        raise LuoshiError(
            f"数据库未初始化，请先运行 luoshi db init / database not initialised: {engine.url!r}"
        )
    rev = current_revision(engine)
    if rev != head_revision():
        raise LuoshiError(f"数据库版本 {rev} 不是最新，请运行 luoshi db init 升级 / database needs upgrade")


def open_db(url: str | None = None, *, init: bool = False) -> tuple[Engine, sessionmaker[Session]]:
    """Engine and session factory for `url`, checked (or initialised with `init=True`)."""
    engine = make_engine(url)
    try:
        if init:
            init_db(engine)
        else:
            check_db(engine)
    except LuoshiError:
        engine.dispose()
        raise
    except Exception as e:  # a wrong URL, an unreachable server, a file that is not a database
        engine.dispose()
        raise LuoshiError(
            f"无法打开数据库 / cannot open database {engine.url!r}: {str(e).splitlines()[0]}"
        ) from e
    return engine, session_factory(engine)


def new_revision(message: str) -> str:
    """For developers: write a new migration for the models' changes (autogenerated against a temporary
    SQLite database at the current head) into ledger/storage/migrations/versions; returns its path. Review it,
    then `luoshi db init` applies it.

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
