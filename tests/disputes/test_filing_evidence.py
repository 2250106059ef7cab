"""Evidence (证据): a party of the case or its handlers upload PDF, images, Word, Excel or CSV; an
.exe, .html or .zip (or a PDF that is not one) is refused with the attachment module's Chinese and
English message and nothing written. A party reads its own side's evidence, the other side's once
exchanged; nobody outside the case reads any."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hexie.core.models import Attachment
from hexie.disputes.models import Evidence
from hexie.disputes.services.evidence import add_evidence
from tests.disputes.factory import make_case
from tests.disputes.matrix_filing import PDF, pdf_upload, upload, zip_bytes

FORBIDDEN = [
    ("setup.exe", b"MZ\x90\x00\x03", "不支持的文件类型"),
    ("证据.html", b"<html><script>alert(1)</script></html>", "不支持的文件类型"),
    ("证据.zip", None, "不支持的文件类型"),
    ("伪装.pdf", b"MZ\x90\x00 not a pdf", "文件内容与扩展名"),
]


def counts():
    return Evidence.objects.count(), Attachment.objects.count()


@pytest.mark.parametrize("name, content, fragment", FORBIDDEN)
def test_evidence_of_a_forbidden_type_is_refused_with_nothing_written(world, name, content, fragment):
    case = make_case(world.enterprise_a, world.alice_person)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        add_evidence(case, world.alice, upload(name, content or zip_bytes()), title="证据")
    messages = " ".join(caught.value.message_dict["file"])
    assert fragment in messages and ("file type not allowed" in messages or "not a valid" in messages)
    assert counts() == before


def test_a_party_uploads_and_the_side_follows_the_party(world):
    case = make_case(world.enterprise_a, world.alice_person)
    mine = add_evidence(case, world.alice, pdf_upload(), title="工资条", purpose="证明工资标准")
    theirs = add_evidence(case, world.hr_a, upload("考勤.csv", "姓名,天数\n王丽,22\n".encode()), title="考勤记录")
    assert (mine.side, theirs.side) == ("applicant", "respondent")
    assert mine.attachment.person == world.alice_person and theirs.attachment.organization == world.enterprise_a
    assert mine.attachment.content_type == "application/pdf" and theirs.attachment.content_type == "text/csv"


def test_a_handler_names_the_side_a_party_handed_evidence_in_for(world):
    case = make_case(world.enterprise_a, world.alice_person, status="accepted")
    with pytest.raises(ValidationError) as caught:
        add_evidence(case, world.arbitrator, pdf_upload(), title="调查笔录")
    assert "side" in caught.value.message_dict
    item = add_evidence(case, world.arbitrator, pdf_upload(), title="调查笔录", side="applicant")
    assert item.side == "applicant" and item.submitted_by == world.arbitrator


def test_strangers_and_staff_do_not_add_evidence(world):
    case = make_case(world.enterprise_a, world.alice_person)
    before = counts()
    for user in (world.bob, world.hr_b, world.lixia, world.mediator_shizhong):
        with pytest.raises(PermissionDenied):
            add_evidence(case, user, pdf_upload(), title="无关证据")
    assert counts() == before


def test_a_title_is_required(world):
    case = make_case(world.enterprise_a, world.alice_person)
    with pytest.raises(ValidationError) as caught:
        add_evidence(case, world.alice, pdf_upload(), title=" ")
    assert "title" in caught.value.message_dict and counts() == (0, 0)


def test_the_other_sides_evidence_is_read_once_exchanged(world, client_for):
    case = make_case(world.enterprise_a, world.alice_person)
    item = add_evidence(case, world.hr_a, pdf_upload("考勤.pdf"), title="考勤记录")
    url = reverse("disputes:evidence-file", args=[item.pk])
    assert client_for(world.hr_a).get(url).status_code == 200
    assert client_for(world.lixia).get(url).status_code == 200
    assert client_for(world.alice).get(url).status_code == 403
    Evidence.objects.filter(pk=item.pk).update(exchanged_at=timezone.now())
    response = client_for(world.alice).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client_for(world.bob).get(url).status_code == 404


def test_the_upload_page_shows_the_refusal_and_writes_nothing(world, client_for):
    case = make_case(world.enterprise_a, world.alice_person)
    client = client_for(world.alice)
    url = reverse("disputes:evidence-add", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "程序", "file": upload("a.exe", b"MZ\x90")})
    assert response.status_code == 422 and "不支持的文件类型" in response.content.decode()
    assert counts() == (0, 0)
    response = client.post(url, {"title": "工资条", "purpose": "证明欠薪", "file": pdf_upload()})
    assert response.status_code == 302 and response["Location"] == reverse("disputes:my-case-detail", args=[case.pk])
    assert case.evidence.get().title == "工资条"


def test_staff_reach_the_upload_page_only_as_handlers(world, client_for):
    case = make_case(world.enterprise_a, world.alice_person, status="accepted")
    url = reverse("disputes:evidence-add", args=[case.pk])
    assert client_for(world.lixia).get(url).status_code == 403
    response = client_for(world.arbitrator).get(url)
    assert response.status_code == 200 and 'name="side"' in response.content.decode()
