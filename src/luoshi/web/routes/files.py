"""佐证材料 downloads, with the same permission as the target they belong to."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from luoshi.errors import NotFound
from luoshi.web import store
from luoshi.web.deps import CurrentUser, IdPath, SessionDep

router = APIRouter(prefix="/files", include_in_schema=False)


@router.get("/{attachment_id}")
def download(attachment_id: IdPath, user: CurrentUser, session: SessionDep, request: Request) -> Response:
    from luoshi.ledger.storage.models import Attachment

    att = session.get(Attachment, attachment_id)
    if att is None:
        raise NotFound("文件不存在 / no such file")
    store.target_for(session, user, att.progress.target_id)  # Forbidden for another department's file
    path = request.app.state.evidence.path(att.stored_path)
    return FileResponse(path, media_type=att.content_type or "application/octet-stream",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(att.filename)}"})

