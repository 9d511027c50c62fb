"""Reading a staff CSV download back as German Excel does: UTF-8 with a byte order mark, semicolons."""

import csv
import io


def excel_rows(response) -> list[dict]:
    """The rows of a CSV download by its header, read with delimiter=';' and encoding 'utf-8-sig'."""
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")  # the byte order mark: Excel reads UTF-8
    text = response.data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def excel_text(response) -> str:
    return response.data.decode("utf-8-sig")
