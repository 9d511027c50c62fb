"""A5 pages imposed for a saddle-stitched booklet: two pages side by side on each side of an A4 sheet
(landscape), in the order that, printed on both sides, folded and stapled, reads 1, 2, 3 …

pypdf places the pages; the sheets are for the print shop and carry no tags (the A5 PDF itself is
the accessible one). Empty pages fill the count up to a multiple of four.
"""

from io import BytesIO


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page indexes of each sheet side, None for an empty page; front, back, front …"""
    total = -(-pages // 4) * 4
    sides = []
    for sheet in range(total // 4):
        first, last = 2 * sheet, total - 1 - 2 * sheet
        sides.append((last, first))  # front: the last page left, the first right
        sides.append((first + 1, last - 1))  # back
    return [tuple(index if index < pages else None for index in side) for side in sides]


def impose_booklet(pdf: bytes) -> bytes:
    """The A5 PDF's pages on A4 landscape sheet sides, in booklet order."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    reader = PdfReader(BytesIO(pdf))
    width = float(reader.pages[0].mediabox.width)
    height = float(reader.pages[0].mediabox.height)
    writer = PdfWriter()
    for left, right in booklet_order(len(reader.pages)):
        side = PageObject.create_blank_page(width=2 * width, height=height)
        for index, offset in ((left, 0.0), (right, width)):
            if index is not None:
                side.merge_transformed_page(reader.pages[index], Transformation().translate(offset, 0))
        writer.add_page(side)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
