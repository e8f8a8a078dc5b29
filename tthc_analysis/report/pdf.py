"""PDF of the formal report through LibreOffice (``soffice --headless --convert-to pdf``)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..core.atomic import atomic_path
from ..core.errors import PdfError

INSTALL_HINT = (
    "Không tìm thấy LibreOffice (lệnh soffice) để xuất PDF. Cài LibreOffice "
    "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui) hoặc bỏ tùy chọn --pdf; "
    "tệp .docx vẫn được tạo."
)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


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
