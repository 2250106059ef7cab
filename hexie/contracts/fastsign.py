"""One visible PAdES signature added to a PDF as an incremental update written directly.

pyHanko's PdfSigner is general: it parses the whole file into objects, re-serialises what it
touches, imports the stamp through a second PDF and builds the CMS as asn1crypto values — about
25 ms a signature. A contract PDF needs far less: the xref table, the catalog, one page and the
AcroForm are read as text; the update adds the signature field (merged with its widget), its
appearance, a font subset for the stamp, the signature dictionary with a fixed-size /Contents
placeholder, and rewrites the catalog (first signature), the page (/Annots) and the AcroForm
(/Fields). /ByteRange is patched in place, the covered bytes hashed, and the CMS from
hexie.contracts.fastcms is written into the placeholder. Any PDF outside that shape (xref streams,
encryption, a field of the same name, indirect /Annots…) raises `Unsupported` and the caller
signs it with pyHanko instead; both produce the same kind of signature.
"""

import hashlib
import re
import secrets
import zlib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

from .pdf import contract_font

RED = b"0.702 0.141 0.106"


class Unsupported(Exception):
    """The PDF's structure is outside what this module updates; sign it with pyHanko."""


class ContentsTooSmall(Exception):
    """The CMS did not fit the reserved /Contents; sign again with more room."""


_OBJ = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\s*")
_REF = rb"\s+(\d+)\s+0\s+R"
_REFS = re.compile(rb"(\d+)\s+(\d+)\s+R")


class _Pdf:
    """The parts of a PDF with classic cross-reference tables that an incremental update needs."""

    def __init__(self, data: bytes):
        self.data = data
        at = data.rfind(b"startxref", max(0, len(data) - 2048))
        match = re.match(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[at:]) if at >= 0 else None
        if not match:
            raise Unsupported("no startxref at the end")
        self.startxref = int(match.group(1))
        self.offsets: dict[int, int | None] = {}
        self.trailer = b""
        offset, sections = self.startxref, 0
        while offset is not None:
            sections += 1
            if sections > 64:
                raise Unsupported("xref chain too long")
            trailer = self._read_section(offset)
            self.trailer = self.trailer or trailer
            prev = re.search(rb"/Prev\s+(\d+)", trailer)
            offset = int(prev.group(1)) if prev else None
        if re.search(rb"/Encrypt|/XRefStm", self.trailer):
            raise Unsupported("encrypted or hybrid file")
        size = re.search(rb"/Size\s+(\d+)", self.trailer)
        self.size = max(int(size.group(1)) if size else 0, max(self.offsets, default=0) + 1)
        self.root = self._ref(self.trailer, b"/Root")
        info = re.search(rb"/Info" + _REF, self.trailer)
        self.info = int(info.group(1)) if info else None
        first_id = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]*)>", self.trailer)
        self.first_id = first_id.group(1) if first_id else None

    def _read_section(self, offset: int) -> bytes:
        data = self.data
        if data[offset : offset + 4] != b"xref":
            raise Unsupported("cross-reference stream")
        end = data.find(b"trailer", offset)
        trailer_end = data.find(b"startxref", end)
        if end < 0 or trailer_end < 0:
            raise Unsupported("no trailer")
        tokens = data[offset + 4 : end].split()
        index = 0
        try:
            while index < len(tokens):
                start, count = int(tokens[index]), int(tokens[index + 1])
                index += 2
                for number in range(start, start + count):
                    position, generation, kind = tokens[index : index + 3]
                    index += 3
                    if number not in self.offsets:  # the newest section wins
                        in_use = kind == b"n" and number != 0
                        if in_use and int(generation) != 0:
                            raise Unsupported("generation numbers")
                        self.offsets[number] = int(position) if in_use else None
        except (ValueError, IndexError) as exc:
            raise Unsupported("malformed xref table") from exc
        return data[end:trailer_end]

    def object(self, number: int) -> bytes:
        """The dictionary text of object `number` (never a stream)."""
        offset = self.offsets.get(number)
        match = _OBJ.match(self.data, offset) if offset is not None else None
        if not match or int(match.group(1)) != number:
            raise Unsupported(f"object {number} not where the xref says")
        end = self.data.find(b"endobj", match.end())
        body = self.data[match.end() : end].strip()
        if end < 0 or not body.startswith(b"<<") or not body.endswith(b">>") or b"stream" in body:
            raise Unsupported(f"object {number} is not a plain dictionary")
        return body

    @staticmethod
    def _ref(body: bytes, key: bytes) -> int:
        match = re.search(re.escape(key) + _REF, body)
        if not match:
            raise Unsupported(f"no indirect {key.decode()}")
        return int(match.group(1))

    def pages(self) -> list[int]:
        found: list[int] = []

        def walk(number: int, depth: int) -> None:
            node = self.object(number)
            if not re.search(rb"/Type\s*/Pages(?![A-Za-z])", node):
                found.append(number)
                return
            kids = re.search(rb"/Kids\s*\[([^\]]*)\]", node)
            if not kids or depth > 16 or len(found) > 10000:
                raise Unsupported("page tree")
            for kid in _REFS.finditer(kids.group(1)):
                walk(int(kid.group(1)), depth + 1)

        walk(self._ref(self.object(self.root), b"/Pages"), 0)
        return found


def _insert(body: bytes, entry: bytes) -> bytes:
    """`body` (a dictionary) with one more entry before its closing >>."""
    return body[:-2].rstrip() + b"\n" + entry + b"\n>>"


def _text(value: str) -> bytes:
    """A PDF text string: literal for plain ASCII, else UTF-16BE with a byte-order mark."""
    if value.isascii() and value.isprintable():
        return b"(" + value.encode().replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


def _num(value: float) -> bytes:
    return (b"%.3f" % value).rstrip(b"0").rstrip(b".")


@dataclass(frozen=True)
class _StampFont:
    """A wqy-microhei subset holding one stamp's characters: code n is the n-th character."""

    base_name: bytes
    codes: dict[str, int]
    widths: dict[str, float]
    font_tail: bytes  # the font dictionary after /FontDescriptor and /ToUnicode
    descriptor_tail: bytes
    program: bytes
    program_length: int
    cmap: bytes

    def encode(self, text: str) -> bytes:
        return b"<" + bytes(self.codes[char] for char in text).hex().encode() + b">"

    def width(self, text: str, size: float) -> float:
        return sum(self.widths[char] for char in text) * size / 1000

    def objects(self, first: int) -> dict[int, bytes]:
        """The font as objects first (font), first+1 (descriptor), +2 (program), +3 (ToUnicode)."""
        return {
            first: b"<< /Type /Font /Subtype /TrueType /FontDescriptor %d 0 R /ToUnicode %d 0 R %s >>"
            % (first + 1, first + 3, self.font_tail),
            first + 1: b"<< /Type /FontDescriptor /FontFile2 %d 0 R %s >>" % (first + 2, self.descriptor_tail),
            first + 2: b"<< /Filter /FlateDecode /Length %d /Length1 %d >>\nstream\n%s\nendstream"
            % (len(self.program), self.program_length, self.program),
            first + 3: b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(self.cmap), self.cmap),
        }


TIME_CHARACTERS = "0123456789-: "
TIME_LABEL = "签署时间："


@lru_cache(maxsize=1024)
def stamp_font(name: str, role: str) -> _StampFont:
    """The subset for a stamp showing `name`, `role` and a signing time (built once per signer)."""
    font = contract_font()
    if font is None:
        raise Unsupported("no embeddable CJK font installed")
    face = font.face
    characters = sorted(set(name + role + TIME_LABEL + TIME_CHARACTERS))
    if len(characters) > 255 or any(ord(char) not in face.charToGlyph for char in characters):
        raise Unsupported("stamp text outside the font")
    subset = [0, *map(ord, characters)]
    digest = hashlib.sha256("".join(characters).encode()).digest()
    tag = bytes(65 + byte % 26 for byte in digest[:6])
    base_name = tag + b"+" + face.name
    widths = {char: face.getCharWidth(ord(char)) for char in characters}
    program = face.makeSubset(subset)
    font_tail = b"/BaseFont /%s /FirstChar 0 /LastChar %d /Widths [%s]" % (
        base_name,
        len(subset) - 1,
        b" ".join(_num(face.getCharWidth(code)) for code in subset),
    )
    descriptor_tail = b"/FontName /%s /Flags 4 /FontBBox [%s] /ItalicAngle %s /Ascent %s /Descent %s " % (
        base_name,
        b" ".join(_num(value) for value in face.bbox),
        _num(face.italicAngle),
        _num(face.ascent),
        _num(face.descent),
    ) + b"/CapHeight %s /StemV %s /MissingWidth %s" % (
        _num(face.capHeight),
        _num(face.stemV),
        _num(face.defaultWidth),
    )
    return _StampFont(
        base_name=base_name,
        codes={char: code for code, char in enumerate(characters, start=1)},
        widths=widths,
        font_tail=font_tail,
        descriptor_tail=descriptor_tail,
        program=zlib.compress(program, 1),
        program_length=len(program),
        cmap=zlib.compress(makeToUnicodeCMap(base_name.decode(), subset).encode(), 1),
    )


def stamp_layout(name: str, width: float, height: float) -> tuple[float, float]:
    """The name's font size and the top of the three-line block, centred in the box."""
    size = min(18.0, (width - 16) / max(len(name), 1), height / 3)
    return size, (height + size + 23.5) / 2


@lru_cache(maxsize=64)
def _frame(width: float, height: float) -> bytes:
    """The stamp's rounded frame as a path (the same for every stamp of a size)."""
    x0, y0, x1, y1, r = 1.5, 1.5, width - 1.5, height - 1.5, 6.0
    k = r * 0.4477  # distance from the corner to the Bézier control points of a quarter circle
    return b" ".join(
        [
            b"%s %s m" % (_num(x0 + r), _num(y0)),
            b"%s %s l" % (_num(x1 - r), _num(y0)),
            b"%s %s %s %s %s %s c" % tuple(map(_num, (x1 - k, y0, x1, y0 + k, x1, y0 + r))),
            b"%s %s l" % (_num(x1), _num(y1 - r)),
            b"%s %s %s %s %s %s c" % tuple(map(_num, (x1, y1 - k, x1 - k, y1, x1 - r, y1))),
            b"%s %s l" % (_num(x0 + r), _num(y1)),
            b"%s %s %s %s %s %s c" % tuple(map(_num, (x0 + k, y1, x0, y1 - k, x0, y1 - r))),
            b"%s %s l" % (_num(x0), _num(y0 + r)),
            b"%s %s %s %s %s %s c h S" % tuple(map(_num, (x0, y0 + k, x0 + k, y0, x0 + r, y0))),
        ]
    )


def stamp_content(font: _StampFont, name: str, role: str, moment: datetime, width: float, height: float) -> bytes:
    """The stamp: a red rounded frame, the signer's name large, the role and the time small."""
    frame = _frame(width, height)
    size, top = stamp_layout(name, width, height)
    time_line = f"{TIME_LABEL}{moment:%Y-%m-%d %H:%M:%S}"
    lines = [(name, size, top - size), (role, 7.5, top - size - 13.5), (time_line, 7.5, top - size - 23.5)]
    text = b" ".join(
        b"BT /S %s Tf %s %s Td %s Tj ET"
        % (_num(line_size), _num((width - font.width(line, line_size)) / 2), _num(y), font.encode(line))
        for line, line_size, y in lines
    )
    return b"q %s RG %s rg 1.5 w %s %s Q" % (RED, RED, frame, text)


class Prepared:
    """A revision written but not yet signed: hash `digest`, then `complete` with the CMS."""

    def __init__(self, data: bytearray, contents_at: int, reserve: int, digest: bytes):
        self.data, self.contents_at, self.reserve, self.digest = data, contents_at, reserve, digest

    def complete(self, cms: bytes) -> bytes:
        """The signed PDF. Raises ContentsTooSmall when `cms` does not fit the reserved room."""
        signed = cms.hex().encode()
        if len(signed) > self.reserve:
            raise ContentsTooSmall(len(signed))
        self.data[self.contents_at + 1 : self.contents_at + 1 + len(signed)] = signed
        return bytes(self.data)


def prepare(
    pdf: bytes,
    *,
    field_name: str,
    signer_name: str,
    reason: str,
    location: str,
    role: str,
    page: int,
    box: tuple[float, float, float, float],
    moment: datetime,
    reserve: int,
) -> Prepared:
    """`pdf` with one more revision holding a visible signature field `field_name` on `page` at `box`
    (x1, y1, x2, y2), its stamp showing `signer_name`, `role` and `moment`, and room for a CMS of
    `reserve` hex digits. Raises Unsupported."""
    if not (field_name.isascii() and field_name.isprintable()):
        raise Unsupported("field names are compared as ASCII literals here")
    doc = _Pdf(pdf)
    pages = doc.pages()
    try:
        page_number = pages[page]
    except IndexError:
        raise Unsupported(f"no page {page}") from None
    font = stamp_font(signer_name, role)
    width, height = box[2] - box[0], box[3] - box[1]

    sig, widget, appearance, first_font = doc.size, doc.size + 1, doc.size + 2, doc.size + 3
    size = first_font + 4
    objects: dict[int, bytes] = {}
    catalog = doc.object(doc.root)
    acroform_ref = re.search(rb"/AcroForm" + _REF, catalog)
    if acroform_ref:
        acroform_number = int(acroform_ref.group(1))
        acroform = doc.object(acroform_number)
        fields = re.search(rb"/Fields\s*\[([^\]]*)\]", acroform)
        if not fields:
            raise Unsupported("AcroForm without a direct /Fields array")
        for field in _REFS.finditer(fields.group(1)):
            if re.search(rb"/T\s*" + re.escape(_text(field_name)), doc.object(int(field.group(1)))):
                raise Unsupported(f"a field named {field_name} exists")
        acroform = (
            acroform[: fields.start(1)] + fields.group(1).strip() + b" %d 0 R" % widget + acroform[fields.end(1) :]
        )
        if not re.search(rb"/SigFlags\s+3", acroform):
            acroform = _insert(re.sub(rb"/SigFlags\s+\d+", b"", acroform), b"/SigFlags 3")
        objects[acroform_number] = acroform
    elif b"/AcroForm" in catalog:
        raise Unsupported("direct AcroForm dictionary")
    else:
        acroform_number, size = size, size + 1
        objects[doc.root] = _insert(catalog, b"/AcroForm %d 0 R" % acroform_number)
        objects[acroform_number] = b"<< /Fields [%d 0 R] /SigFlags 3 >>" % widget

    page_body = doc.object(page_number)
    annots = re.search(rb"/Annots\s*(\[[^\]]*\]|\d+\s+\d+\s+R)", page_body)
    if annots and not annots.group(1).startswith(b"["):
        raise Unsupported("indirect /Annots")
    if annots:
        listed = annots.group(1)[1:-1].strip()
        page_body = page_body[: annots.start(1)] + b"[%s %d 0 R]" % (listed, widget) + page_body[annots.end(1) :]
    else:
        page_body = _insert(page_body, b"/Annots [%d 0 R]" % widget)
    objects[page_number] = page_body

    objects[widget] = (
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /T %s /F 132 /Rect [%s] /P %d 0 R /AP << /N %d 0 R >> /V %d 0 R >>"
        % (
            _text(field_name),
            b" ".join(map(_num, box)),
            page_number,
            appearance,
            sig,
        )
    )
    content = stamp_content(font, signer_name, role, moment, width, height)
    objects[appearance] = (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 %s %s] /Resources << /Font << /S %d 0 R >> >> /Length %d >>\n"
        b"stream\n%s\nendstream" % (_num(width), _num(height), first_font, len(content), content)
    )
    objects.update(font.objects(first_font))
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    pdf_date = b"D:%s%s%02d'%02d'" % (
        moment.strftime("%Y%m%d%H%M%S").encode(),
        b"-" if minutes < 0 else b"+",
        abs(minutes) // 60,
        abs(minutes) % 60,
    )
    byte_range_room = 48
    objects[sig] = (
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n"
        b"/M (%s) /Name %s /Reason %s /Location %s\n"
        b"/ByteRange [%s]\n/Contents <%s> >>"
        % (pdf_date, _text(signer_name), _text(reason), _text(location), b" " * byte_range_room, b"0" * reserve)
    )

    out = bytearray(pdf)
    if not pdf.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref_at = len(out)
    out += b"xref\n"
    numbers = sorted(objects)
    run_start = 0
    for index in range(1, len(numbers) + 1):
        if index == len(numbers) or numbers[index] != numbers[index - 1] + 1:
            run = numbers[run_start:index]
            out += b"%d %d\n" % (run[0], len(run))
            out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in run)
            run_start = index
    new_id = secrets.token_hex(16).encode()
    out += b"trailer\n<< /Size %d /Root %d 0 R%s /ID [<%s> <%s>] /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        doc.root,
        b" /Info %d 0 R" % doc.info if doc.info is not None else b"",
        doc.first_id or new_id,
        new_id,
        doc.startxref,
        xref_at,
    )

    contents_at = out.index(b"/Contents <", offsets[sig]) + len(b"/Contents ")
    contents_end = contents_at + reserve + 2
    byte_range_at = out.index(b"/ByteRange [", offsets[sig]) + len(b"/ByteRange [")
    byte_range = b"0 %d %d %d" % (contents_at, contents_end, len(out) - contents_end)
    out[byte_range_at : byte_range_at + byte_range_room] = byte_range.ljust(byte_range_room)
    view = memoryview(out)
    digest = hashlib.sha256(view[:contents_at])
    digest.update(view[contents_end:])
    view.release()
    return Prepared(out, contents_at, reserve, digest.digest())
