"""Domain errors. Every failure a user can cause is a LuoshiError with one Chinese/English line."""

from __future__ import annotations

import re


class LuoshiError(Exception):
    """Base class: the CLI prints `luoshi: error: <message>` and exits 2; the web app answers 4xx."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ReadError(LuoshiError):
    """A report file cannot be read: missing, empty, binary, encrypted, corrupt or too large."""


class UnsupportedFormat(ReadError):
    """The file's content is not a format Luoshi reads."""


class ConfigError(LuoshiError):
    """The configuration file or a LUOSHI_ environment variable is missing, unreadable or wrong."""


class Unavailable(LuoshiError):
    """Something outside Luoshi is not there (the database server, a free port): trying again later may
    help, so the exit code differs (3) and systemd restarts the service for this one only."""

    exit_code = 3


class GoldError(LuoshiError):
    """A gold file for `luoshi eval` is malformed."""


class NotFound(LuoshiError):
    """An id (target, report, department …) does not exist."""


class InvalidInput(LuoshiError):
    """A value given by a user does not fit (wrong unit, period outside the year …)."""


class PermissionDenied(LuoshiError):
    """The current user's role does not allow this action."""


class Conflict(LuoshiError):
    """Someone else changed the row first (its version moved): the web answers 409 with the row as it now
    is; nothing of the losing request is written. `current` holds what the page shows of that state."""

    def __init__(self, message: str, *, current: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.current = current or {}


class Busy(LuoshiError):
    """The server is at its limit for costly work (password hashing): try again in a moment."""


# ---- the Chinese half of a bilingual message ------------------------------------------------------

_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_SPLIT = re.compile(r"(?: |(?<=[）」”》]))/ ")  # ` / `, or `/ ` right after a closing bracket
_ENGLISH = re.compile(r"[-'\"(]*[A-Za-z]{2,}")  # the English half starts with a word (or --option)


_DATA = re.compile(r"^[-A-Za-z][^:]*?:\s+(.+)$")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”")


def chinese(message: str) -> str:
    """`中文 / English` → `中文`, paragraph by paragraph (the English half runs to the end of its
    paragraph, over line breaks). A half counts as English when it starts with a word (or an --option)
    and holds no Chinese outside quotes: `报送期：2024 / 2024-Q2`, `输出 reports / indicators 三张表`
    are kept whole, `单位不符 / unit '光年' does not match` loses its second half."""
    return "\n\n".join(_chinese_paragraph(p) for p in message.split("\n\n"))


def _chinese_paragraph(text: str) -> str:
    for m in _SPLIT.finditer(text):
        head, tail = text[:m.start()], text[m.end():]
        if _CJK.search(head) and _ENGLISH.match(tail) and not _CJK.search(_QUOTED.sub("", tail)):
            head = head.rstrip(" ：:—-\n")
            # What the English half names after a colon (a path, a value) is kept: `不是目录：/x`.
            data = _DATA.search(tail.split("\n", 1)[0])
            if data and data.group(1).strip() not in head:
                head = f"{head}：{data.group(1).strip()}"
            return head
    return text
