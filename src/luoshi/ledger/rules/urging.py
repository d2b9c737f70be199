"""催办 and 督办单 in words: kinds, states as people say them (逾期 is a waiting one past its reply
deadline), and the 文号. Pure rules, no database.

    state_name("waiting", date(2024, 7, 10), date(2024, 7, 11)) -> "逾期"
    doc_number("supervise", 2026, 3) -> "督办〔2026〕3号"
"""

from __future__ import annotations

from datetime import date

KIND_NAMES = {"urge": "催办", "supervise": "督办"}
DOC_NAMES = {"urge": "催办通知", "supervise": "督办单"}
WAITING, REPLIED, CLOSED, OVERDUE = "待答复", "已答复", "已办结", "逾期"
STATE_NAMES = {"waiting": WAITING, "replied": REPLIED, "closed": CLOSED}
# What a filter may ask for, in the words of the pages and the CLI.
STATE_FILTERS = (WAITING, OVERDUE, REPLIED, CLOSED)
REPLY_NAMES = {"progress": "报送进展", "text": "书面说明"}
# Warnings a 督办单 may be issued for: overdue (红) and lagging (黄).
SUPERVISE_WARNINGS = ("红", "黄")


def is_overdue(state: str, reply_by: date, as_of: date) -> bool:
    """Waiting for an answer past the reply deadline."""
    return state == "waiting" and as_of > reply_by


def state_name(state: str, reply_by: date, as_of: date) -> str:
    """待答复 / 逾期 / 已答复 / 已办结."""
    if is_overdue(state, reply_by, as_of):
        return OVERDUE
    return STATE_NAMES.get(state, state)


def replied_late(reply_by: date, replied_on: date | None) -> bool:
    return replied_on is not None and replied_on > reply_by


def doc_number(kind: str, year: int, seq: int) -> str:
    """The 文号: 发文机关代字, the year in 六角括号 〔〕, the number without leading zeros."""
    return f"{KIND_NAMES.get(kind, '催办')}〔{year}〕{seq}号"


def kind_of(word: str) -> str:
    """`urge` / `supervise` from either the code or the Chinese word (催办 / 督办 / 督办单)."""
    w = word.strip()
    for code, name in KIND_NAMES.items():
        if w in (code, name, DOC_NAMES[code]):
            return code
    raise ValueError(f"类型须为 催办 或 督办：{word!r}")
