"""Writing output files so that a failure never leaves half a file behind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from luoshi.errors import LuoshiError


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path` to write to. When the block ends it replaces `path`; when
    the block fails the temporary file is removed and `path` is untouched. An OSError becomes a
    LuoshiError naming the file."""
    tmp = path.with_name(f".{path.name}.part")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise LuoshiError(f"无法写入 / cannot write: {e.strerror or e}", path=str(path)) from e
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
