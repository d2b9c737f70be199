"""Jinja2 templates (autoescaped) and the values every page sees: user, CSRF token, navigation."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from luoshi.ledger.rules.formatting import cn_date
from luoshi.web.security import ROLE_NAMES, csrf_token

HERE = Path(__file__).parent

KIND_NAMES = {"amount": "总量", "percent": "比率", "growth": "增速", "rank": "位次"}
STANCE_NAMES = {"actual": "实绩", "target": "目标"}
BOUND_NAMES = {"exact": "精确", "approx": "左右/约", "min": "以上/不低于", "max": "以内/不超过", "range": "区间"}
BOUND_SUFFIX = {"exact": "", "approx": "左右", "min": "以上", "max": "以内", "range": ""}
STATUS_CLASS = {
    "已完成": "st-done", "超进度": "st-ahead", "达进度": "st-ontrack", "欠进度": "st-behind",
    "严重欠进度": "st-severe", "未报送": "st-missing", "无法判断": "st-unknown",
}
WARNING_CLASS = {"蓝": "warn-blue", "黄": "warn-yellow", "红": "warn-red"}
REVIEW_NAMES = {"pending": "待审核", "accepted": "已采纳", "returned": "已退回"}
ACTION_NAMES = {
    "create": "创建", "update": "修改", "assign": "分配责任单位", "confirm": "确认分工", "progress": "报送进展",
    "accept": "采纳报送", "return": "退回报送", "import": "导入报告", "reimport": "重新导入", "withdraw": "撤销",
    "override": "认定状态", "clear_override": "取消认定", "remind": "催办", "set_rules": "设置分工规则",
    "set_password": "修改密码", "reset_password": "重置密码", "login": "登录", "logout": "退出登录",
    "login_failed": "登录失败", "lockout": "登录锁定", "disable": "停用账户", "enable": "启用账户",
    "unlock": "解除锁定", "export": "导出", "suggest": "建议责任单位（待确认）", "aliases": "设置部门别名",
    "merge": "部门并入", "merge_in": "并入部门",
    "urge_send": "发出催办", "urge_reply": "答复催办", "urge_close": "办结催办",
}

# (path, label, roles allowed)
NAV = [
    ("/home", "首页", {"admin"}),
    ("/dashboard", "总览", {"admin", "viewer"}),
    ("/ledger", "任务台账", {"admin", "viewer"}),
    ("/import", "导入", {"admin"}),
    ("/review", "待审核", {"admin"}),
    ("/dept", "本部门", {"department"}),
    ("/urges", "催办", {"admin", "viewer", "department"}),
    ("/annual", "年度对比", {"admin", "viewer"}),
    ("/compare", "横向比较", {"admin", "viewer"}),
    ("/series", "历年对比", {"admin", "viewer"}),
    ("/regions", "区域汇总", {"admin", "viewer"}),
    ("/admin/users", "账户", {"admin"}),
    ("/admin/departments", "部门", {"admin"}),
]


def fmt_num(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".")
    return str(v)


def fmt_date(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


@cache
def make_templates() -> Jinja2Templates:
    """One template environment per process, every template compiled up front: Jinja parses string
    literals with `ast.literal_eval`, and CPython 3.11 can raise a spurious SystemError ("AST constructor
    recursion depth mismatch", gh-106905) when two threads build ASTs at once — request threads and the
    import worker did, on a first visit. Compiling at start also spares the first visitor the wait."""
    templates = _templates()
    for name in templates.env.list_templates(extensions=["html"]):
        templates.env.get_template(name)
    return templates


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = True  # every template, whatever its extension: report text is never trusted
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters["num"] = fmt_num
    env.filters["d"] = fmt_date
    env.filters["cn_date"] = cn_date  # 2024年6月30日: the as-of date every page states
    env.globals.update(
        KIND_NAMES=KIND_NAMES, STANCE_NAMES=STANCE_NAMES, BOUND_NAMES=BOUND_NAMES, BOUND_SUFFIX=BOUND_SUFFIX,
        STATUS_CLASS=STATUS_CLASS, WARNING_CLASS=WARNING_CLASS, ROLE_NAMES=ROLE_NAMES, REVIEW_NAMES=REVIEW_NAMES,
        ACTION_NAMES=ACTION_NAMES,
    )
    # The Chinese names of codes (actions, the built-in account), one table shared with the CLI.
    from luoshi.ledger.rules import labels

    env.filters["actor"] = labels.actor_name
    env.globals["ACTION_NAMES"] = {**labels.ACTION_NAMES, **ACTION_NAMES}
    env.globals["TYPE_NAMES"] = labels.TYPE_NAMES  # 量化指标 / 定性任务 / 民生实事 / 分解任务
    return templates


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    user = getattr(request.state, "user", None)
    nav = [(p, label) for p, label, roles in NAV if user is not None and user.role in roles]
    flash = request.session.pop("flash", None) if "flash" in request.session else None
    from luoshi.web.urging import nav_badges

    badges = nav_badges(request, user) if user is not None else {}
    ctx = {"request": request, "user": user, "nav": nav, "nav_badges": badges, "csrf": csrf_token(request), "flash": flash,
           "path": request.url.path, **context}
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """A one-time message shown on the next page (after a POST-redirect-GET)."""
    from luoshi.web.messages import zh

    request.session["flash"] = {"message": zh(message), "kind": kind}
