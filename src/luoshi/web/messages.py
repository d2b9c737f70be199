"""What the web app says to people, in Chinese only.

Many messages of the lower layers are written as `中文 / English`; a page or a JSON `detail` shows the
Chinese half alone (`zh`, which is `luoshi.errors.chinese`). FastAPI's own validation
messages (`Field required`, `Input should be a valid integer` …) are replaced by Chinese ones naming
the field.
"""

from __future__ import annotations

from typing import Any

from luoshi.errors import chinese as zh  # noqa: F401  (re-exported: `from luoshi.web.messages import zh`)

# The names of the form and query fields people meet, for validation messages.
FIELD_NAMES = {
    "username": "用户名", "password": "密码", "current": "当前密码", "new": "新密码", "confirm": "确认新密码",
    "status": "状态", "reason": "理由", "lead": "牵头单位", "co": "配合单位", "deadline": "完成时限",
    "period": "报送期", "value": "数值", "unit": "单位", "note": "进展说明", "stage": "进展阶段",
    "comment": "意见", "version": "版本号", "page": "页码", "per": "每页行数", "report": "报告",
    "q": "搜索词", "file": "文件", "region": "地区", "year": "年度", "title": "标题", "role": "角色",
    "department": "部门", "target_ids": "目标任务", "action": "操作", "subject": "指标名称",
}

_KINDS = {
    "missing": "不能为空", "int_parsing": "应为整数", "int_type": "应为整数", "float_parsing": "应为数字",
    "float_type": "应为数字", "string_too_long": "过长", "string_too_short": "过短",
    "string_pattern_mismatch": "格式不对", "greater_than_equal": "过小", "less_than_equal": "过大",
    "greater_than": "过小", "less_than": "过大", "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD", "bool_parsing": "应为是或否", "literal_error": "不是可选的值",
    "enum": "不是可选的值", "list_type": "格式不对", "value_error": "不正确",
}


def validation_message(errors: list[Any]) -> str:
    """FastAPI's list of validation errors as one Chinese sentence: `用户名不能为空；页码应为整数`."""
    parts = []
    for err in errors[:3]:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "form", "header", "cookie")]
        name = FIELD_NAMES.get(loc[-1], "某一项") if loc else "提交的内容"
        parts.append(f"{name}{_KINDS.get(str(err.get('type', '')), '不正确')}")
    return "；".join(dict.fromkeys(parts)) or "提交的内容有误"
