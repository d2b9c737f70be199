"""Logs of the service: one line per record on stdout, which systemd's journal keeps.

`json` writes each record as one JSON object (`journalctl -u luoshi -o cat | jq`): time, level, logger,
message, the record's structured `fields` (`log.info("…", extra={"fields": {...}})`) and any traceback
inside the same line, so an error is one journal entry. `text` is for a person at a terminal; `auto`
picks text on a terminal and JSON elsewhere. When stdout is the journal (systemd's JOURNAL_STREAM names
it) each line starts with its syslog priority, `<3>` … `<7>`, so `journalctl -p warning` works.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

PRIORITY = {"CRITICAL": 2, "ERROR": 3, "WARNING": 4, "INFO": 6, "DEBUG": 7}


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields = getattr(record, "fields", None)
    return fields if isinstance(fields, dict) else {}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created).strftime("%Y-%m-%d %H:%M:%S")
        extra = "".join(f" {k}={v}" for k, v in _fields(record).items())
        line = f"{when} {record.levelname:<7} {record.name}: {record.getMessage()}{extra}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class _Handler(logging.StreamHandler[TextIO]):
    def __init__(self, stream: TextIO, journal: bool) -> None:
        super().__init__(stream)
        self.journal = journal

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        return f"<{PRIORITY.get(record.levelname, 6)}>{line}" if self.journal else line


def to_journal(stream: TextIO) -> bool:
    """Whether `stream` is systemd's journal: JOURNAL_STREAM is "device:inode" of that stream."""
    value = os.environ.get("JOURNAL_STREAM", "")
    try:
        st = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return value == f"{st.st_dev}:{st.st_ino}"


def process_age() -> float:
    """Seconds since this process started (Linux /proc), or 0.0 where that cannot be read."""
    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


# Libraries whose routine messages (alembic's plugin set-up, for one) are noise in a service's journal.
QUIET = ("alembic", "asyncio", "multipart")


def setup_logging(fmt: str = "auto", level: str = "info", stream: TextIO | None = None) -> logging.Handler:
    """Send every logger's records (Luoshi's, uvicorn's, SQLAlchemy's warnings) to `stream` (stdout)."""
    stream = stream or sys.stdout
    if fmt == "auto":
        fmt = "text" if stream.isatty() else "json"
    handler = _Handler(stream, to_journal(stream))
    handler.setFormatter(TextFormatter() if fmt == "text" else JsonFormatter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _Handler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    return handler
