"""QR codes for the printable token sheet: segno, pure Python, rendered as inline SVG."""

import segno


def qr_svg(url: str) -> str:
    """An inline <svg> of the QR code of `url` (error correction M, 4-module quiet zone)."""
    return segno.make(url, error="m", micro=False).svg_inline(scale=4, border=4, omitsize=False)
