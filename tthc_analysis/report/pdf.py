"""PDF of the formal report through LibreOffice (``soffice --headless --convert-to pdf``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..core.atomic import atomic_path
from ..core.errors import PdfError

INSTALL_HINT = (
    "Không tìm thấy LibreOffice (lệnh soffice) để xuất PDF. Cài LibreOffice "
    "(Windows: libreoffice.org; Debian/Ubuntu: apt-get install libreoffice-writer-nogui) hoặc bỏ tùy chọn --pdf; "
    "tệp .docx vẫn được tạo."
)


def _installed() -> list[Path]:
    """Where LibreOffice's installers put soffice when it is not on PATH (Windows never adds it)."""
    places = [
        Path(os.environ[name]) / "LibreOffice" / "program" / "soffice.exe"
        for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")
        if os.environ.get(name)
    ]
    return [*places, Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]


def find_soffice() -> str | None:
    """LibreOffice's soffice: on PATH, else where its installer puts it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((str(p) for p in _installed() if p.is_file()), None)


def docx_to_pdf(docx: str | Path, target: str | Path | None = None, timeout: int = 240) -> Path:
    """Convert ``docx`` to PDF beside it (or at ``target``), atomically.

    Each conversion uses its own LibreOffice profile, so parallel runs do not collide.
    """
    docx = Path(docx)
    target = Path(target) if target else docx.with_suffix(".pdf")
    soffice = find_soffice()
    if soffice is None:
        raise PdfError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="tthc-pdf-", ignore_cleanup_errors=True) as work:  # Windows may hold a file
        work_dir = Path(work)
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work_dir),
            str(docx),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice không chuyển xong {docx.name} sang PDF sau {timeout} giây") from None
        produced = work_dir / f"{docx.stem}.pdf"
        if done.returncode != 0 or not produced.exists():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["không rõ lý do"]
            raise PdfError(f"LibreOffice không chuyển được {docx.name} sang PDF: {detail[0]}")
        with atomic_path(target) as temp:
            shutil.copyfile(produced, temp)
    return target
