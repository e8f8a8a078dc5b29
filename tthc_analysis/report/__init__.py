"""Report: sentences, charts, the formal .docx, the Biểu 06a workbook, HTML pages, PDF."""
