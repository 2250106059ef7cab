"""QR codes for the printable token sheet: segno, pure Python, rendered as inline SVG."""

import segno


def qr_svg(url: str) -> str:
    """An inline, freely scalable <svg> (viewBox, no fixed size) of the QR code of `url`: error
    correction M and the standard 4-module quiet zone."""
    return segno.make(url, error="m", micro=False).svg_inline(border=4, omitsize=True)
