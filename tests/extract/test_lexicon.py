"""Every lexicon data file validates and names its sources; the validator refuses bad files."""

from __future__ import annotations

from importlib import resources

import pytest

from luoshi.lexicon import SCHEMAS, LexiconError, load, names, validate


@pytest.mark.parametrize("name", names())
def test_data_file_validates(name: str) -> None:
    assert load(name)


def test_every_data_file_has_a_schema_and_a_source_header() -> None:
    files = {p.name[:-5] for p in resources.files("luoshi.lexicon").joinpath("data").iterdir() if p.name.endswith(".yaml")}
    assert files == set(SCHEMAS)
    for name in files:
        head = resources.files("luoshi.lexicon").joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")
        assert head.startswith("#"), f"{name}.yaml needs a header comment naming its sources"


def test_validator_refuses() -> None:
    with pytest.raises(LexiconError):
        validate("bounds", {"before": {}})
    with pytest.raises(LexiconError):
        validate("outline", {"review_words": "回顾", "plan_words": []})
    with pytest.raises(LexiconError):
        validate("nope", {})
