"""HTML to PDF with WeasyPrint (it lays out our own report page, charts and map included).

The document is self-contained; WeasyPrint is not allowed to fetch anything (no network, no files).
It is tagged PDF/UA-1 (WeasyPrint's `pdf_variant`): headings, tables and lists carry their structure for
screen readers; the document language comes from `<html lang>`, the title from `<title>`.
"""

#: Accessible PDF (BITV 2.0 asks public bodies for it): tagged, with language and title.
PDF_VARIANT = "pdf/ua-1"


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"the PDF may not load {url[:80]}")


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which only the PDF needs.
    import weasyprint

    return weasyprint.HTML(string=html, url_fetcher=_no_fetching).write_pdf(pdf_variant=PDF_VARIANT)
