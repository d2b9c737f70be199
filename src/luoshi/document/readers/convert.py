"""Run an outside converter on a copy of a file: LibreOffice (to .docx), antiword or catdoc (to text).

Every run works in its own temporary folder holding a copy of the bytes (the original file is never
opened by the converter) and LibreOffice's own profile (`-env:UserInstallation`), so that two
conversions at once do not share a profile and lock each other out. A run past the time limit
(`LUOSHI_CONVERT_TIMEOUT`, seconds) is killed with all its processes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from luoshi.errors import ReadError

DEFAULT_TIMEOUT = 120  # LibreOffice takes 2–5 s on a report, most of it starting up


def timeout() -> float:
    try:
        return max(1.0, float(os.environ.get("LUOSHI_CONVERT_TIMEOUT") or DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(cmd: list[str], cwd: Path, limit: float) -> subprocess.CompletedProcess[bytes]:
    # A session of its own, so that a timeout kills LibreOffice's helper processes too.
    env = {**os.environ, "HOME": str(cwd), "TMPDIR": str(cwd), "SAL_USE_VCLPLUGIN": "svp"}
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ReadError(f"文档转换超时（超过 {limit:g} 秒）/ conversion timed out") from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def with_libreoffice(data: bytes, suffix: str, target: str = "docx") -> bytes:
    """`data` (a file of type `suffix`, e.g. `.doc`) converted by LibreOffice to `target`."""
    exe = soffice()
    if exe is None:
        raise ReadError("未安装 LibreOffice / libreoffice is not installed")
    with tempfile.TemporaryDirectory(prefix="luoshi-convert-") as tmp:
        work = Path(tmp)
        src = work / f"source{suffix}"
        src.write_bytes(data)
        out = work / "out"
        cmd = [exe, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--invisible",
               "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", target, "--outdir", str(out), str(src)]
        _run(cmd, work, timeout())
        result = out / f"source.{target}"
        if not result.is_file() or result.stat().st_size == 0:
            raise ReadError("LibreOffice 无法转换此文件（文件损坏？）/ LibreOffice could not convert the file")
        return result.read_bytes()


def with_text_tool(data: bytes, suffix: str) -> str:
    """`data` as text by antiword, else catdoc (lighter than LibreOffice, .doc only, text without styles)."""
    tools = [(t, cmd) for t, cmd in (("antiword", ["-m", "UTF-8.txt", "-w", "0"]), ("catdoc", ["-d", "utf-8", "-w"]))
             if shutil.which(t)]
    if not tools:
        raise ReadError("未安装 antiword 或 catdoc / no text converter installed")
    reasons = []
    with tempfile.TemporaryDirectory(prefix="luoshi-convert-") as tmp:
        src = Path(tmp) / f"source{suffix}"
        src.write_bytes(data)
        for tool, args in tools:
            done = _run([tool, *args, str(src)], Path(tmp), timeout())
            text = done.stdout.decode("utf-8", "replace")
            if done.returncode == 0 and text.strip():
                return text
            reasons.append(tool)
    raise ReadError(f"{'、'.join(reasons)} 无法读取此文件（文件损坏？）/ could not read the file")
