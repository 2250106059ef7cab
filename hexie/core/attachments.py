"""Uploaded files: size and type checked before anything is kept, stored content-addressed.

    attachment = save_upload(request.FILES["file"], user=request.user, organization=org)

The size is refused from `.size` before a byte is read; the type must agree twice, by the name's
extension and by the content (PDF and image magic numbers, a zip holding an Office package, CSV
that decodes as text); the sha256 is computed while streaming. Messages are Chinese with English.
"""

import hashlib
import os
import zipfile
from codecs import getincrementaldecoder

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from .models import Attachment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".xlsx": XLSX,
    ".csv": "text/csv",
    ".docx": DOCX,
}
# The part an Office package of each kind must hold besides [Content_Types].xml.
OFFICE_PARTS = {XLSX: "xl/workbook.xml", DOCX: "word/document.xml"}
SNIFF_BYTES = 64 * 1024
MAX_NAME = 120


def _size_label(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _refuse(chinese: str, english: str, code: str) -> ValidationError:
    return ValidationError(f"{chinese}（{english}）", code=code)


def _office_package_ok(upload, part: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            return "[Content_Types].xml" in names and part in names
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            # An incremental decoder tolerates a character cut at the end of the sniffed head.
            getincrementaldecoder(encoding)().decode(head, final=False)
            return True
        except UnicodeDecodeError:
            continue
    return False


def sniff(upload, content_type: str) -> bool:
    """Does the content of `upload` agree with `content_type`?"""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if content_type == "application/pdf":
        return head.startswith(b"%PDF-")
    if content_type == "image/png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if content_type == "image/jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if content_type in OFFICE_PARTS:
        return head.startswith(b"PK\x03\x04") and _office_package_ok(upload, OFFICE_PARTS[content_type])
    if content_type == "text/csv":
        return bool(head.strip()) and _looks_like_text(head)
    return False


def clean_name(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/")).strip() or "file"
    stem, ext = os.path.splitext(base)
    return stem[:MAX_NAME] + ext.lower()


def check_upload(upload, allowed=Attachment.ALLOWED_TYPES) -> str:
    """The content type of an acceptable `upload`; raises ValidationError otherwise."""
    limit = settings.UPLOAD_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is None or size > limit:
        raise _refuse(
            _("文件过大，上限为 %(limit)s") % {"limit": _size_label(limit)},
            f"file too large, the limit is {_size_label(limit)}",
            "too_large",
        )
    if size == 0:
        raise _refuse(_("文件为空"), "the file is empty", "empty")
    ext = os.path.splitext(upload.name or "")[1].lower()
    content_type = EXTENSIONS.get(ext)
    if content_type is None or content_type not in allowed:
        kinds = "、".join(sorted({allowed[t] for t in allowed}))
        raise _refuse(
            _("不支持的文件类型，允许：%(kinds)s") % {"kinds": kinds},
            f"file type not allowed, allowed: {kinds}",
            "type",
        )
    if not sniff(upload, content_type):
        raise _refuse(
            _("文件内容与扩展名 %(ext)s 不符，或文件已损坏") % {"ext": ext},
            f"the content is not a valid {ext} file, or the file is damaged",
            "content",
        )
    return content_type


def save_upload(
    uploaded_file, *, user, organization=None, person=None, region=None, allowed=Attachment.ALLOWED_TYPES
) -> Attachment:
    """Check, hash and store one uploaded file (a Django `File`: an upload, or `File(open(path, "rb"))`);
    the attachment is owned by `user`."""
    content_type = check_upload(uploaded_file, allowed)
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    name = clean_name(uploaded_file.name)
    attachment = Attachment(
        name=name,
        content_type=content_type,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        organization=organization,
        person=person,
        region=region,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    attachment.file.save(name, uploaded_file, save=True)
    return attachment


def save_bytes(content: bytes, name: str, *, user, content_type: str, **owners) -> Attachment:
    """Store a file Hexie made itself (an error report, an export): no sniffing needed."""
    attachment = Attachment(
        name=clean_name(name),
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
        **owners,
    )
    attachment.file.save(attachment.name, ContentFile(content), save=True)
    return attachment
