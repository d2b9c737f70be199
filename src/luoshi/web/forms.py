"""A refused form comes back as the same page with the message beside the field and the inputs kept,
never as a bare 400 page. A route catches the refusal (`InvalidInput`), rolls the request's session
back (nothing half-written is committed) and renders its page again with a `FormError`; the template
shows it with the macros of `_form_error.html`."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from luoshi.web.messages import zh

# Words of a message that name the field it is about: (word, field), the first that matches wins.
FIELD_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "override": (("理由", "reason"), ("状态", "status")),
    "progress": (("报送期", "period"), ("期间", "period"), ("季度", "period"), ("年度", "period"),
                 ("单位", "unit"), ("数值", "value"), ("数字", "value"), ("百分比", "value"),
                 ("阶段", "stage"), ("佐证", "files"), ("附件", "files"), ("文件", "files"),
                 ("目标任务", "target_id")),
    "assign": (("牵头", "lead"), ("配合", "co"), ("完成时限", "deadline"), ("时限", "deadline"),
               ("目标任务", "target_ids")),
}


@dataclass
class FormError:
    form: str  # which form of the page: "override", "progress", "assign" …
    message: str
    field: str | None = None  # the input the message is shown beside; None: above the form
    values: dict[str, Any] = dataclasses.field(default_factory=dict)  # what was typed, to fill the form again

    def value(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, default)


def form_error(form: str, message: str, values: Mapping[str, Any], field: str | None = None) -> FormError:
    """The refusal of `form` in Chinese; the field named by the message when `field` is not given."""
    text = zh(message)
    if field is None:
        field = next((name for word, name in FIELD_WORDS.get(form, ()) if word in text), None)
    return FormError(form, text, field, dict(values))


def form_values(form: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """What was typed in a submitted form (a Starlette FormData): one string per name, lists kept."""
    out: dict[str, Any] = {}
    for name in names:
        many = [str(v) for v in form.getlist(name) if isinstance(v, str)]
        out[name] = many if len(many) > 1 or name in ("co", "target_ids") else (many[0] if many else "")
    return out
