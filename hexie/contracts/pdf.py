"""The contract PDF (劳动合同文本): multi-page A4, wqy-microhei embedded as a subset, the last page
ending with the two signature boxes that hexie.contracts.signing fills in.

Speed matters (a batch issues thousands of contracts): the layout is computed here (CJK line
breaking by glyph widths, no platypus), the text is written as PDF operators directly, and the
font subsets are built once per process. ReportLab numbers a document's characters in the order it first meets
them, 256 to a subset, and builds and compresses every subset again for every document (about
4 ms per 256 glyphs); here each document first meets `COMMON_CHARACTERS` in a fixed order, so
the subsets holding them are byte-identical from one contract to the next and come from a cache.
Only the last, small subset (names, addresses) is built per document.
"""

import zlib
from dataclasses import dataclass
from functools import cache, lru_cache
from io import BytesIO
from weakref import WeakKeyDictionary

from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, TTFontFace, makeToUnicodeCMap
from reportlab.pdfgen.canvas import Canvas

from hexie.core.pdf import FONT_NAME, cjk_font

__all__ = [
    "ENTERPRISE_BOX",
    "SIGNATURE_PAGE",
    "WORKER_BOX",
    "ContractDocument",
    "render_contract_pdf",
]

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 72.0
RIGHT = PAGE_WIDTH - 72.0
TOP = PAGE_HEIGHT - 64.0
BOTTOM = 72.0
BODY_SIZE, BODY_LEADING = 10.5, 18.5
HEADING_SIZE = 12.0
PARTY_SIZE, PARTY_LEADING = 11.0, 19.0
# The signature block on the last page: 甲方 seals on the left, 乙方 signs on the right.
SIGNATURE_PAGE = -1
ENTERPRISE_BOX = (LEFT, 84.0, LEFT + 200.0, 174.0)
WORKER_BOX = (RIGHT - 200.0, 84.0, RIGHT, 174.0)
SIGNATURE_BLOCK_TOP = 214.0  # the body text stops above this on the last page
# Closing punctuation never starts a line (避头点): it hangs into the right margin instead.
NO_LINE_START = set("，。、；：！？）》」』”’〕】％,.;:!?)]%")
# Numbers, amounts, codes and Latin words are never broken (unless longer than a line).
WORD_CHARACTERS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,-_/:%")

# Characters nearly every labor contract uses: the model contract's wording and punctuation (ASCII is
# always in ReportLab's first subset). They fill the first two subsets, in this order, in every document.
COMMON_CHARACTERS = (
    "·—“”…、。《》一七三下不与专业东严丧中为主举义之乙九书争事二于五交产享人从他付代令以仲件任份休会"
    "伤位低住体作使供依保信假健偿元克全八公六共关其具养内册冒决况准出分切列则利别到制前力办加务动劳化区医"
    "十华协单卫危历原参及双发变可台号各合同名后向告员周命和品商四因围固国在地场址均域培处大失女如姓婚子学"
    "守安完定宜实害家容密对小少就尽居山岗工已币市带常平年并应度康建式强当形待律得循必态性息患情意愿成"
    "或户所手扣执批承护报担拒拖指按挥据排接控措提操支政故效数整文新方施无日时明更最月有服期未本权条果查"
    "标根格案档检楚欠止正每民求法注济清满点照特状班理生用由甲申电男疗病百的盖相省知码确社福种称移程立"
    "竞章符第等策签算管籍系约纪纳纸细终经结绝统绩续综编缴署老者职联育能自至致节范营薪行补表裁要规解计订"
    "认训议讯记讼证评诉试诚话详说请读调负责货质费资赔起超足身转载辖达过近进违送通遇遵配酬采量金间阅防"
    "限院除险集需非靠面页项额！％（），：；？"
)


@dataclass(frozen=True)
class ContractDocument:
    """What the PDF says. `parties` are label/value rows (甲方 rows, then 乙方 rows); `sections` are
    (heading, paragraphs); `footer` is the small print before "第 n 页 共 m 页" on every page."""

    number: str
    title: str
    parties: list[tuple[str, str]]
    sections: list[tuple[str, list[str]]]
    footer: str = ""


class _TableCachingFace(TTFontFace):
    """The core font's parsed face (shared, not re-read) keeping the tables a subset copies: ReportLab
    slices them out of the 5 MB file again for every subset (glyf alone is 3.5 MB)."""

    def __init__(self, face: TTFontFace):
        self.__dict__.update(face.__dict__)
        self._tables: dict[str, bytes] = {}

    def get_table(self, tag):
        if tag not in self._tables:
            self._tables[tag] = super().get_table(tag)
        return self._tables[tag]


class _Raw(pdfdoc.PDFObject):
    """An indirect object already formatted, but for the references in it (resolved when written)."""

    __RefOnly__ = 1

    def __init__(self, *parts):
        self.parts = parts

    def format(self, document):
        return b"".join(part if isinstance(part, bytes) else part.format(document) for part in self.parts)


def _stream(data: bytes, extra: str = "") -> bytes:
    compressed = zlib.compress(data, 1)
    return b"<< /Filter /FlateDecode /Length %d%s >>\nstream\n%s\nendstream\n" % (
        len(compressed),
        extra.encode(),
        compressed,
    )


class _FastFlate:
    """ReportLab's Flate filter at zlib level 1: half the time of the default level for a few per
    cent more bytes, on text that is mostly hex digits."""

    pdfname = "FlateDecode"

    def encode(self, text):
        return zlib.compress(text.encode() if isinstance(text, str) else text, 1)


_FAST_FLATE = _FastFlate()


class _Info(pdfdoc.PDFInfo):
    """The document information dictionary, formatted directly: ReportLab escapes a CJK title byte
    by byte in Python, half a millisecond a document."""

    def format(self, document):
        stamp = document._timeStamp
        year, month, day, hour, minute, second = stamp.YMDhms
        date = f"D:{year:04d}{month:02d}{day:02d}{hour:02d}{minute:02d}{second:02d}{stamp.dhh:+03d}'{stamp.dmm:02d}'"
        return (
            f"<< /Title {_hex_text(self.title)} /Author {_hex_text(self.author)} /Creator {_hex_text(self.creator)} "
            f"/Producer {_hex_text(self.producer)} /CreationDate ({date}) /ModDate ({date}) >>"
        ).encode()


def _hex_text(value: str) -> str:
    return "<FEFF" + value.encode("utf-16-be").hex() + ">"


class _ContractFont(TTFont):
    """The core wqy-microhei font (its parsed face shared, not re-read) whose per-subset PDF objects
    (font program, widths, ToUnicode map, descriptor) are built, compressed and formatted once per
    distinct subset."""

    def __init__(self, core: TTFont):
        self.__dict__.update(core.__dict__)
        self.fontName = f"{core.fontName}-Contract"
        self.face = _TableCachingFace(core.face)
        self.state = WeakKeyDictionary()
        self._parts: dict[tuple, tuple[bytes, bytes, bytes, bytes]] = {}

    def prime(self, doc) -> None:
        """Number COMMON_CHARACTERS first in `doc`, the document's own characters from a new subset
        on (the numbering is made once and copied)."""
        if not hasattr(self, "_primed"):
            holder = Canvas(BytesIO())._doc
            self.splitString(COMMON_CHARACTERS, holder)
            state = self.state.pop(holder)
            if state.nextCode & 0xFF:
                state.nextCode = (state.nextCode | 0xFF) + 1
            self._primed = state
        primed = self._primed
        state = self._assignState(doc)
        state.assignments = dict(primed.assignments)
        state.subsets = [list(subset) for subset in primed.subsets]
        state.nextCode = primed.nextCode
        self.primed_codes = frozenset(primed.assignments)

    def _subset_parts(self, base_name: str, subset: list[int]) -> tuple[bytes, bytes, bytes, bytes]:
        """The font dictionary's tail, the descriptor's head, the font program and the ToUnicode
        stream, as PDF bytes."""
        key = (base_name, *subset)
        if key not in self._parts:
            if len(self._parts) > 256:
                self._parts.clear()
            face = self.face
            program = face.makeSubset(subset)
            widths = " ".join(fp_str(face.getCharWidth(code)) for code in subset)
            descriptor = (
                f"<< /Type /FontDescriptor /Ascent {fp_str(face.ascent)} /CapHeight {fp_str(face.capHeight)} "
                f"/Descent {fp_str(face.descent)} /Flags {(face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC} "
                f"/FontBBox [ {fp_str(*face.bbox)} ] /FontName /{base_name} /ItalicAngle {fp_str(face.italicAngle)} "
                f"/StemV {fp_str(face.stemV)} /MissingWidth {fp_str(face.defaultWidth)} /FontFile2 "
            )
            self._parts[key] = (
                f" /Subtype /TrueType /Type /Font /Widths [ {widths} ] >>".encode(),
                descriptor.encode(),
                _stream(program, f" /Length1 {len(program)}"),
                _stream(makeToUnicodeCMap(base_name, subset).encode()),
            )
        return self._parts[key]

    def addObjects(self, doc):  # noqa: N802 (ReportLab's name)
        """ReportLab's TTFont.addObjects, with each subset's objects from the cache."""
        state = self.state[doc]
        state.frozen = 1
        face = self.face
        for number, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(number, doc)[1:]
            base_name = b"".join((SUBSETN(number), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            font_tail, descriptor, program, cmap = self._subset_parts(base_name, subset)
            program_ref = doc.Reference(_Raw(program), f"fontFile:{face.filename}({base_name})")
            descriptor_ref = doc.Reference(_Raw(descriptor, program_ref, b" >>"), "fontDescriptor:" + base_name)
            cmap_ref = doc.Reference(_Raw(cmap), "toUnicodeCMap:" + base_name)
            head = f"<< /BaseFont /{base_name} /FirstChar 0 /LastChar {len(subset) - 1} /Name /{internal_name} "
            font = _Raw(head.encode(), b"/FontDescriptor ", descriptor_ref, b" /ToUnicode ", cmap_ref, font_tail)
            doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = font
        del self.state[doc]


@cache
def _font() -> _ContractFont | None:
    """The contract font, registered once per process; None when only the non-embedded fallback
    font is installed."""
    name = cjk_font()
    if name != FONT_NAME:
        return None
    font = _ContractFont(pdfmetrics.getFont(name))
    pdfmetrics.registerFont(font)
    return font


def contract_font() -> TTFont | None:
    """The embeddable font for contracts and their stamps (None without wqy-microhei)."""
    return _font()


def font_name() -> str:
    font = _font()
    return font.fontName if font else cjk_font()


@cache
def _width_table() -> tuple[dict[int, float], float]:
    font = _font()
    if font:
        return font.face.charWidths, font.face.defaultWidth
    return {}, 1000.0


def text_width(text: str, size: float) -> float:
    widths, default = _width_table()
    if not widths:
        return pdfmetrics.stringWidth(text, font_name(), size)
    return sum(widths.get(ord(char), default) for char in text) * size / 1000


def wrap(text: str, width: float, size: float, *, indent: float = 0.0) -> list[str]:
    """Break `text` into lines no wider than `width` (the first `indent` narrower): anywhere between
    CJK characters, never inside a number, code or Latin word, and never before closing punctuation
    (which hangs into the margin)."""
    return list(_wrap(text, width, size, indent))


@lru_cache(maxsize=8192)
def _wrap(text: str, width: float, size: float, indent: float) -> tuple[str, ...]:
    """`wrap`, remembered: most paragraphs are the template's, the same in every contract."""
    widths, default = _width_table()
    if not widths:
        widths = {ord(char): text_width(char, 1000) for char in set(text)}
    limit = width * 1000 / size
    lines, start, used = [], 0, indent * 1000 / size
    for index, char in enumerate(text):
        advance = widths.get(ord(char), default)
        if used + advance > limit and index > start and char not in NO_LINE_START:
            cut = index
            if char in WORD_CHARACTERS:  # move a whole number or code to the next line
                while cut > start and text[cut - 1] in WORD_CHARACTERS:
                    cut -= 1
                if cut == start:
                    cut = index
            lines.append(text[start:cut])
            start = cut
            used = sum(widths.get(ord(c), default) for c in text[cut:index])
        used += advance
    lines.append(text[start:])
    return tuple(lines)


@dataclass
class _Line:
    x: float
    y: float
    size: float
    text: str
    bold: bool = False


def _layout(doc: ContractDocument) -> list[list[_Line]]:
    """Flow the document into pages of positioned lines; the signature block must fit below the
    text on the last page, so a new page is started when it does not."""
    pages: list[list[_Line]] = [[]]
    y = TOP

    def room(height: float) -> None:
        nonlocal y
        if y - height < BOTTOM:
            pages.append([])
            y = TOP

    def put(x: float, size: float, leading: float, text: str, bold: bool = False) -> None:
        nonlocal y
        room(leading)
        y -= leading
        pages[-1].append(_Line(x, y, size, text, bold))

    title_size = 20.0
    put((PAGE_WIDTH - text_width(doc.title, title_size)) / 2, title_size, 30, doc.title, bold=True)
    number = f"合同编号：{doc.number}"
    put(RIGHT - text_width(number, BODY_SIZE), BODY_SIZE, 24, number)
    y -= 8
    previous = ""
    for label, value in doc.parties:
        if previous and label[:2] != previous[:2]:
            y -= 10  # a gap between the 甲方 and the 乙方 rows
        previous = label
        head = f"{label}："
        offset = text_width(head, PARTY_SIZE)
        for row, line in enumerate(wrap(value, RIGHT - LEFT - offset, PARTY_SIZE)):
            put(LEFT + offset, PARTY_SIZE, PARTY_LEADING, line)
            if row == 0:
                pages[-1].append(_Line(LEFT, y, PARTY_SIZE, head))
    y -= 6
    indent = 2 * BODY_SIZE
    for heading, paragraphs in doc.sections:
        if heading:
            room(HEADING_SIZE + 18 + 2 * BODY_LEADING)  # no heading alone at the foot of a page
            y -= 8
            put(LEFT, HEADING_SIZE, HEADING_SIZE + 10, heading, bold=True)
        for paragraph in paragraphs:
            for row, line in enumerate(wrap(paragraph, RIGHT - LEFT, BODY_SIZE, indent=indent)):
                put(LEFT + (indent if row == 0 else 0), BODY_SIZE, BODY_LEADING, line)
    put(LEFT, BODY_SIZE, BODY_LEADING * 1.5, "（以下无正文）")
    if y < SIGNATURE_BLOCK_TOP:
        pages.append([])
    return pages


class _TextWriter:
    """Page text as PDF operators, written directly: one BT..ET per page, each line placed with Tm
    and shown as hex strings in the font's per-document subsets. A line made only of
    COMMON_CHARACTERS encodes alike in every document, so its operators are cached."""

    _cache: dict[tuple, str] = {}

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.font = _font()
        self.doc = canvas._doc
        self.name = font_name()
        if self.font:
            self.font.prime(self.doc)
            self.prefix = self.font.getSubsetInternalName(0, self.doc)[:-2]  # registers every subset
        self.ops: list[str] = []

    def show(self, line: _Line) -> None:
        if not self.font:
            self.ops.append(f"/{self._fallback_name()} {line.size:.2f} Tf ")
            text = line.text.encode("utf-16-be").hex()
            self.ops.append(f"1 0 0 1 {line.x:.2f} {line.y:.2f} Tm <{text}> Tj\n")
            return
        key = (self.prefix, line.size, line.text)
        ops = self._cache.get(key)
        if ops is None:
            parts = []
            for subset, chunk in self.font.splitString(line.text, self.doc):
                parts.append(f"{self.prefix}+{subset} {line.size:.2f} Tf <{chunk.hex()}> Tj")
            ops = " ".join(parts)
            if self.font.primed_codes.issuperset(map(ord, line.text)):
                if len(self._cache) > 20000:
                    self._cache.clear()
                self._cache[key] = ops
        mode = "2 Tr " if line.bold else ""
        self.ops.append(f"{mode}1 0 0 1 {line.x:.2f} {line.y:.2f} Tm {ops}{' 0 Tr' if line.bold else ''}\n")

    def _fallback_name(self) -> str:
        return self.doc.getInternalFontName(self.name)[1:]

    def flush(self) -> None:
        if self.ops:
            self.canvas.addLiteral("BT 0.4 w\n" + "".join(self.ops) + "ET")
            self.ops = []


def render_contract_pdf(doc: ContractDocument) -> bytes:
    """The contract as PDF bytes; sign it with signing.sign_pdf at `ENTERPRISE_BOX` and `WORKER_BOX`
    on page `SIGNATURE_PAGE` (the last)."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=0, initialFontName=font_name(), invariant=0)
    canvas._doc.defaultStreamFilters = [_FAST_FLATE]  # no ASCII85 on top
    canvas._doc.info = _Info()
    canvas.setTitle(f"{doc.title} {doc.number}")
    canvas.setAuthor("和谐劳动关系平台")
    writer = _TextWriter(canvas)
    pages = _layout(doc)
    total = len(pages)
    for number, lines in enumerate(pages, start=1):
        for line in lines:
            writer.show(line)
        footer = f"{doc.footer}　第 {number} 页 共 {total} 页".strip("　")
        writer.flush()
        canvas.setFillGray(0.4)
        writer.show(_Line((PAGE_WIDTH - text_width(footer, 8)) / 2, 40, 8, footer))
        writer.flush()
        canvas.setFillGray(0)
        if number == total:
            for box, label in ((ENTERPRISE_BOX, "甲方（盖章）："), (WORKER_BOX, "乙方（签名）：")):
                writer.show(_Line(box[0], box[3] + 12, PARTY_SIZE, label))
            writer.flush()
            canvas.setStrokeGray(0.75)
            canvas.setLineWidth(0.5)
            canvas.setDash(2, 2)
            for box in (ENTERPRISE_BOX, WORKER_BOX):
                canvas.rect(box[0], box[1], box[2] - box[0], box[3] - box[1], stroke=1, fill=0)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
