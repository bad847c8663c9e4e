"""HTML to PDF with WeasyPrint, for notices, minutes and extracts."""

from __future__ import annotations


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango on import, which only the PDF paths need.
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()
