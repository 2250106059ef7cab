"""Attachments: size refused before reading, type checked by extension and content, sha256,
storage, and downloads only within the user's scope."""

import hashlib
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hexie.core.attachments import XLSX, save_upload
from hexie.core.models import Attachment

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def workbook_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["姓名"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Unreadable(SimpleUploadedFile):
    """An upload that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the upload was read")

    def chunks(self, *args, **kwargs):
        raise AssertionError("the upload was read")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("证明.pdf", PDF, "application/pdf"),
        ("照片.PNG", PNG, "image/png"),
        ("照片.jpeg", JPEG, "image/jpeg"),
        ("花名册.xlsx", None, XLSX),
        ("名单.csv", "姓名,岗位\n王丽,装配工\n".encode("gb18030"), "text/csv"),
    ],
)
def test_accepted_files_are_stored_with_their_sha256(world, name, content, content_type):
    content = content if content is not None else workbook_bytes()
    attachment = save_upload(SimpleUploadedFile(name, content), user=world.hr_a, organization=world.enterprise_a)
    attachment.refresh_from_db()
    assert attachment.content_type == content_type and attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.file.name.startswith(f"attachments/{attachment.sha256[:2]}/{attachment.sha256}/")
    with attachment.file.open("rb") as stored:
        assert stored.read() == content
    assert attachment.uploaded_by == world.hr_a and attachment.organization == world.enterprise_a


def test_a_file_over_the_limit_is_refused_before_it_is_read(world, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    upload = Unreadable("大文件.pdf", PDF)
    upload.size = 1025
    with pytest.raises(ValidationError) as refused:
        save_upload(upload, user=world.hr_a)
    assert refused.value.code == "too_large"
    assert "文件过大，上限为" in refused.value.messages[0] and "file too large" in refused.value.messages[0]
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("病毒.exe", b"MZ\x90\x00", "type"),
        ("无扩展名", PDF, "type"),
        ("伪装.pdf", PNG, "content"),
        ("伪装.png", PDF, "content"),
        ("伪装.jpg", PNG, "content"),
        ("伪装.xlsx", b"PK\x03\x04not really a zip", "content"),
        ("伪装.csv", b"\x00\x01\x02binary", "content"),
        ("空.pdf", b"", "empty"),
    ],
)
def test_wrong_or_disguised_types_are_refused(world, name, content, code):
    with pytest.raises(ValidationError) as refused:
        save_upload(SimpleUploadedFile(name, content), user=world.hr_a)
    assert refused.value.code == code
    assert not Attachment.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused(world):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    with pytest.raises(ValidationError, match="文件内容与扩展名 .xlsx 不符"):
        save_upload(SimpleUploadedFile("文档.xlsx", out.getvalue()), user=world.hr_a)


def test_allowed_types_can_be_narrowed(world):
    with pytest.raises(ValidationError) as refused:
        save_upload(SimpleUploadedFile("证明.pdf", PDF), user=world.hr_a, allowed={XLSX: ".xlsx"})
    assert refused.value.code == "type" and ".xlsx" in refused.value.messages[0]


def test_a_path_in_the_name_is_dropped(world):
    attachment = save_upload(SimpleUploadedFile("../../etc/证明.pdf", PDF), user=world.hr_a)
    assert attachment.name == "证明.pdf"
    assert ".." not in attachment.file.name


def test_downloads_stay_within_the_scope(world, client_for, client):
    attachment = save_upload(
        SimpleUploadedFile("证明.pdf", PDF),
        user=world.hr_a,
        organization=world.enterprise_a,
        region=world.enterprise_a.region,
    )
    url = reverse("attachment-download", args=[attachment.pk])
    for user in ("hr_a", "lixia", "city"):
        response = client_for(world.users[user]).get(url)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
        assert "attachment" in response["Content-Disposition"]
    for user in ("hr_b", "shizhong", "alice"):
        assert client_for(world.users[user]).get(url).status_code == 404, user
    client.logout()
    assert client.get(url).status_code == 302
