"""The password policy (data/passwords.yaml): length, letters and digits, not the account name, not a
common password. Pure functions: no database."""

from __future__ import annotations

import re
import secrets
import string
from functools import cache
from importlib import resources
from typing import Any

import yaml

from luoshi.errors import InvalidInput

_CLASS_NAMES = {"letter": "字母", "digit": "数字"}


@cache
def policy() -> dict[str, Any]:
    with resources.files("luoshi.ledger").joinpath("data", "passwords.yaml").open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    expected = {"min_length": int, "max_length": int, "required_classes": dict, "common": list}
    for key, typ in expected.items():
        if not isinstance(data.get(key), typ):
            raise ValueError(f"passwords.yaml: {key!r} must be a {typ.__name__}")
    if set(data) - set(expected):
        raise ValueError(f"passwords.yaml: unknown keys {sorted(set(data) - set(expected))}")
    data["common_set"] = {str(p).lower() for p in data["common"]}
    data["classes"] = {name: re.compile(rx) for name, rx in data["required_classes"].items()}
    return data


def problems(password: str, username: str = "") -> list[str]:
    """What is wrong with `password` for the account `username`, in Chinese; empty when it is fine."""
    p = policy()
    out = []
    if len(password) < p["min_length"]:
        out.append(f"密码至少 {p['min_length']} 个字符")
    if len(password) > p["max_length"]:
        out.append(f"密码不超过 {p['max_length']} 个字符")
    missing = [_CLASS_NAMES.get(n, n) for n, rx in p["classes"].items() if not rx.search(password)]
    if missing:
        out.append("密码须同时包含" + "和".join(_CLASS_NAMES.get(n, n) for n in p["classes"]) + f"（缺少{'、'.join(missing)}）")
    name = username.strip().lower()
    if len(name) >= 3 and name in password.lower():
        out.append("密码不能包含用户名")
    if password.lower() in p["common_set"] or len(set(password.lower())) <= 3:
        out.append("密码过于常见或简单，请换一个")
    return out


def check(password: str, username: str = "") -> None:
    """InvalidInput with every problem of `password`, in one line."""
    found = problems(password, username)
    if found:
        raise InvalidInput("；".join(found))


def random_password(length: int = 14) -> str:
    """A password that meets the policy, for new accounts and resets (shown once)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(length))
        if not problems(pw):
            return pw
