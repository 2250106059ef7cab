"""Shared PDF helpers: the CJK font every generated PDF embeds.

The font is WenQuanYi Micro Hei (Debian `fonts-wqy-microhei`), embedded as a subset so a document
reads the same everywhere; only when that file is missing does ReportLab's built-in STSong-Light
stand in (a CID font the reader must supply, not embedded).
"""

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT_NAME = "WenQuanYiMicroHei"
FALLBACK_FONT = "STSong-Light"


@cache
def cjk_font(path: Path = FONT_PATH) -> str:
    """Register the CJK font once per process and return its ReportLab name."""
    if path.exists():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
        return FONT_NAME
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT
