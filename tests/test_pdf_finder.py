"""Finding LibreOffice for ``--pdf`` (report/pdf.py): on PATH first, else where its installer
puts it on Windows (never on PATH there) or macOS; none found is the install hint."""

from __future__ import annotations

import shutil

import pytest

from tthc_analysis.core.errors import PdfError
from tthc_analysis.report import pdf


@pytest.fixture
def no_path(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
        monkeypatch.delenv(name, raising=False)


def test_soffice_on_path_comes_first(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: {"soffice": "/usr/bin/soffice"}.get(name))
    assert pdf.find_soffice() == "/usr/bin/soffice"


def test_libreoffice_installed_on_windows_is_found_without_path(no_path, monkeypatch, tmp_path):
    program = tmp_path / "Program Files" / "LibreOffice" / "program"
    program.mkdir(parents=True)
    (program / "soffice.exe").write_bytes(b"MZ")
    monkeypatch.setenv("ProgramW6432", str(tmp_path / "Program Files"))
    assert pdf.find_soffice() == str(program / "soffice.exe")


def test_none_found_is_the_install_hint_and_no_pdf(no_path, monkeypatch, tmp_path):
    monkeypatch.setenv("ProgramFiles", str(tmp_path))  # no LibreOffice folder there
    monkeypatch.setattr(pdf, "_installed", lambda: [tmp_path / "soffice.exe"])
    assert pdf.find_soffice() is None
    with pytest.raises(PdfError, match="Không tìm thấy LibreOffice") as refused:
        pdf.docx_to_pdf(tmp_path / "bao-cao.docx")
    assert "libreoffice.org" in str(refused.value)
    assert not (tmp_path / "bao-cao.pdf").exists()
