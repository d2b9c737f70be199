"""The Chinese names people read for the ledger's codes: target types, audit actions and the kinds of
thing an audit event is about. The database keeps the codes (and JSON output shows them); tables,
CSV, pages and messages show these names."""

from __future__ import annotations

TYPE_NAMES = {"quantified": "量化指标", "task": "定性任务", "item": "民生实事", "subtask": "分解任务"}

ACTION_NAMES = {
    "create": "创建", "update": "修改", "assign": "分配责任单位", "suggest": "建议分工（待确认）",
    "confirm": "确认分工", "progress": "报送进展", "accept": "采纳报送", "return": "退回报送",
    "import": "导入报告", "reimport": "重新导入", "withdraw": "撤销", "override": "认定状态",
    "clear_override": "取消认定", "remind": "催办", "set_rules": "设置分工规则", "set_password": "修改密码",
    "reset_password": "重置密码", "login": "登录", "logout": "退出登录", "login_failed": "登录失败",
    "lockout": "登录锁定", "disable": "停用账户", "enable": "启用账户", "unlock": "解除锁定", "export": "导出",
    "role": "修改角色",
}

ENTITY_NAMES = {
    "target": "目标", "progress": "进展", "report": "报告", "department": "部门", "user": "账户",
    "login": "登录", "region": "地区", "reminder": "催办", "database": "数据库",
}

REVIEW_NAMES = {"pending": "待审核", "accepted": "已采纳", "returned": "已退回"}

ACTOR_NAMES = {"system": "系统", "": "系统"}  # the built-in account; people appear by their user names


def type_name(code: str) -> str:
    return TYPE_NAMES.get(code, code)


def action_name(code: str) -> str:
    return ACTION_NAMES.get(code, code)


def entity_name(code: str) -> str:
    return ENTITY_NAMES.get(code, code)


def actor_name(name: str | None) -> str:
    """Who did it, for an audit line: the built-in `system` account reads 系统."""
    return ACTOR_NAMES.get(name or "", name or "系统")
