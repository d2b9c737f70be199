"""The README documents every command, and every command's help ends in a runnable example."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from luoshi.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, ...]]:
    """Every command path: top-level commands and the commands of sub-groups (db init, progress add …)."""
    click_app = typer.main.get_command(app)
    out: list[tuple[str, ...]] = []
    for name, cmd in click_app.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        if sub:
            out.extend((name, s) for s in sub)
        else:
            out.append((name,))
    return out


COMMANDS = _commands()


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_command_is_in_readme(path: tuple[str, ...]) -> None:
    assert f"luoshi {path[0]}" in README, f"README does not mention `luoshi {path[0]}`"


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_help_ends_in_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0
    out = result.output
    assert "例：luoshi " in out, f"`luoshi {' '.join(path)} --help` has no example"
    # The example comes last, after the options (Typer prints the epilog below every panel).
    assert out.rindex("例：luoshi ") > out.rindex("╰"), f"`luoshi {' '.join(path)} --help`: example not last"
