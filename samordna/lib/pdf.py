"""HTML to PDF with WeasyPrint, for notices, minutes, extracts, invoices and reports.

Every PDF is tagged as PDF/UA-1: a structure tree from the HTML (headings, lists, tables with their headers),
the language of the html element, and the <title> as the title a PDF reader shows in its window. Page margin
boxes (running headers, page numbers) stay out of the structure tree, so they are read as artifacts.
"""

from __future__ import annotations

PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango on import, which only the PDF paths need.
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
