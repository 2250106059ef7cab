"""Employee satisfaction surveys told as stories: Quancheng Machinery's HR opens a survey, prints
QR codes, workers answer on their phones — anonymously, once each — and the results appear only
from ten answers up."""

import logging
import re
import uuid
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hexie.core.models import TimelineEntry
from hexie.core.registries import INDICATORS
from hexie.surveys import services
from hexie.surveys.models import Response, Survey, Token, token_digest
from hexie.surveys.rules import DIMENSION_KEYS, satisfaction_summary

TODAY = timezone.localdate


def scores(value_or_values):
    values = value_or_values if isinstance(value_or_values, list | tuple) else [value_or_values] * 8
    return dict(zip(DIMENSION_KEYS, values, strict=True))


def open_survey(world, enterprise=None, *, opens_on=None, closes_on=None, user=None):
    enterprise = enterprise or world.enterprise_a
    user = user or (world.hr_a if enterprise == world.enterprise_a else world.hr_b)
    survey = services.create_survey(
        user,
        enterprise=enterprise,
        opens_on=opens_on or TODAY() - timedelta(days=3),
        closes_on=closes_on or TODAY() + timedelta(days=10),
        planned_tokens=30,
    )
    services.move_survey(user, survey, "open")
    return survey


def answered(survey, answers, user=None):
    """Issue one token per answer sheet and submit each."""
    codes = services.issue_tokens(user or survey.created_by, survey, len(answers))
    for code, sheet in zip(codes, answers, strict=True):
        services.submit_response(code, scores(sheet))
    return codes


def answer_form(value=4, suggestion=""):
    return {**{key: str(value) for key in DIMENSION_KEYS}, "suggestion": suggestion}


@pytest.fixture
def survey(world):
    return open_survey(world)


# --- opening a survey ----------------------------------------------------------------------------


def test_hr_opens_a_survey_for_her_enterprise(world, client_for):
    client = client_for(world.hr_a)
    assert client.get(reverse("survey-create")).status_code == 200
    response = client.post(
        reverse("survey-create"),
        {
            "enterprise": world.enterprise_a.pk,
            "title": "",
            "opens_on": TODAY().isoformat(),
            "closes_on": (TODAY() + timedelta(days=7)).isoformat(),
            "planned_tokens": 25,
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == survey.get_absolute_url()
    assert survey.title == f"济南泉城机械有限公司{TODAY().year}年职工满意度测评"
    assert survey.status == Survey.Status.DRAFT and survey.created_by == world.hr_a
    client.post(reverse("survey-transition", args=[survey.pk]), {"action": "open"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert [e.action for e in survey.timeline] == ["open"]


def test_county_staff_open_surveys_in_their_county_only(world):
    assert open_survey(world, user=world.lixia).status == Survey.Status.OPEN
    with pytest.raises(PermissionDenied):
        services.create_survey(
            world.shizhong, enterprise=world.enterprise_a, opens_on=TODAY(), closes_on=TODAY(), planned_tokens=5
        )


def test_hr_of_another_enterprise_cannot_open_a_survey_for_enterprise_a(world, client_for):
    with pytest.raises(PermissionDenied):
        services.create_survey(
            world.hr_b, enterprise=world.enterprise_a, opens_on=TODAY(), closes_on=TODAY(), planned_tokens=5
        )
    client = client_for(world.hr_b)
    page = client.get(reverse("survey-create"))
    assert "济南泉城机械有限公司" not in page.content.decode()  # not among the choices
    response = client.post(
        reverse("survey-create"),
        {"enterprise": world.enterprise_a.pk, "opens_on": TODAY(), "closes_on": TODAY(), "planned_tokens": 5},
    )
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not Survey.objects.exists()
    # nor open, close or hand out tokens for a survey enterprise_a's own HR created
    survey = Survey.objects.create(
        enterprise=world.enterprise_a, title="泉城机械测评", opens_on=TODAY(), closes_on=TODAY(), planned_tokens=5
    )
    assert client.post(reverse("survey-transition", args=[survey.pk]), {"action": "open"}).status_code == 404
    assert client.post(reverse("survey-tokens", args=[survey.pk]), {"count": 3}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.move_survey(world.hr_b, survey, "open")
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT and not survey.tokens.exists()


def test_workers_and_mediators_open_no_survey(world, client_for):
    for user in (world.alice, world.mediator):
        assert not services.manageable_enterprises(user).exists()
        page = client_for(user).get(reverse("survey-create"))
        assert "您没有可以发起满意度测评的企业" in page.content.decode()


def test_dates_are_checked(world, client_for):
    with pytest.raises(Exception) as caught:
        services.create_survey(
            world.hr_a,
            enterprise=world.enterprise_a,
            opens_on=TODAY(),
            closes_on=TODAY() - timedelta(days=1),
            planned_tokens=5,
        )
    assert "截止日期不能早于开始日期" in str(caught.value)
    page = client_for(world.hr_a).post(
        reverse("survey-create"),
        {"enterprise": world.enterprise_a.pk, "opens_on": TODAY(), "closes_on": TODAY() - timedelta(days=1)},
    )
    assert "截止日期不能早于开始日期" in page.content.decode()
    assert not Survey.objects.exists()


# --- tokens and the QR sheet ---------------------------------------------------------------------


def test_a_token_batch_is_shown_once_as_qr_cards_and_kept_only_as_hashes(world, client_for, survey):
    client = client_for(world.hr_a)
    response = client.post(reverse("survey-tokens", args=[survey.pk]), {"count": 12})
    html = response.content.decode()
    assert response.status_code == 200
    codes = re.findall(r'name="codes" value="([^"]*)"', html)[0].split()
    assert len(codes) == 12 and len(set(codes)) == 12
    assert html.count("<svg") == 12 and "@media print" in html and "repeat(3, 1fr)" in html
    for code in codes:
        assert f"/s/{code}/" in html
    # only keyed hashes are stored: no column of any token row holds a code
    stored = list(Token.objects.filter(survey=survey).values_list("id", "survey_id", "digest", "used"))
    assert len(stored) == 12
    assert {row[2] for row in stored} == {token_digest(code) for code in codes}
    flat = " ".join(str(v) for row in stored for v in row)
    assert not any(code in flat for code in codes)
    # the .xlsx of the batch just shown; codes that are not this survey's are left out
    foreign = services.issue_tokens(world.hr_b, open_survey(world, world.enterprise_b), 1)[0]
    xlsx = client.post(reverse("survey-tokens-xlsx", args=[survey.pk]), {"codes": "\n".join([*codes, foreign])})
    rows = list(openpyxl.load_workbook(BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("序号", "测评码", "答题链接")
    assert [r[1] for r in rows[1:]] == codes and rows[1][2].endswith(f"/s/{codes[0]}/")


def test_no_tokens_for_a_closed_survey(world, survey):
    services.move_survey(world.hr_a, survey, "close")
    with pytest.raises(Exception, match="测评已结束"):
        services.issue_tokens(world.hr_a, survey, 5)
    assert not survey.tokens.exists()


# --- answering -----------------------------------------------------------------------------------


def test_a_worker_answers_once_and_a_reused_token_changes_nothing(world, client, survey):
    code = services.issue_tokens(world.hr_a, survey, 1)[0]
    url = reverse("survey-answer", args=[code])
    page = client.get(url)
    assert page.status_code == 200 and "劳动报酬" in page.content.decode() and "人文关怀" in page.content.decode()
    assert "width=device-width" in page.content.decode() and page["Referrer-Policy"] == "strict-origin"
    done = client.post(url, answer_form(5, "希望增加技能培训"))
    assert done.status_code == 200 and "提交成功" in done.content.decode()
    assert Response.objects.count() == 1 and Token.objects.get().used

    before = (list(Response.objects.values()), list(Token.objects.values()), LogEntry.objects.count())
    again = client.post(url, answer_form(1, "第二次"))
    assert again.status_code == 410
    assert "该测评码已经使用过，每个测评码只能提交一次" in again.content.decode()
    assert (list(Response.objects.values()), list(Token.objects.values()), LogEntry.objects.count()) == before
    assert client.get(url).status_code == 410  # the form is not even shown again
    with pytest.raises(Exception, match="已经使用过"):
        services.submit_response(code, scores(2))
    assert Response.objects.count() == 1


def test_lower_case_and_hyphens_are_the_same_token(world, client, survey):
    code = services.issue_tokens(world.hr_a, survey, 1)[0]
    typed = f"{code[:5]}-{code[5:]}".lower()
    assert client.post(reverse("survey-answer", args=[typed]), answer_form()).status_code == 200
    assert Token.objects.get().used


def test_unknown_token_not_yet_open_and_closed_are_refused_clearly(world, client):
    assert "测评码无效" in client.get(reverse("survey-answer", args=["ABCDEFGHJK"])).content.decode()
    future = open_survey(world, opens_on=TODAY() + timedelta(days=2), closes_on=TODAY() + timedelta(days=9))
    early = services.issue_tokens(world.hr_a, future, 1)[0]
    response = client.post(reverse("survey-answer", args=[early]), answer_form())
    assert response.status_code == 410 and "测评尚未开始" in response.content.decode()
    ended = open_survey(world, opens_on=TODAY() - timedelta(days=9), closes_on=TODAY() - timedelta(days=1))
    late = services.issue_tokens(world.hr_a, ended, 1)[0]
    assert "测评已经结束" in client.post(reverse("survey-answer", args=[late]), answer_form()).content.decode()
    closed = open_survey(world)
    token = services.issue_tokens(world.hr_a, closed, 1)[0]
    services.move_survey(world.hr_a, closed, "close")
    assert "测评已经结束" in client.post(reverse("survey-answer", args=[token]), answer_form()).content.decode()
    assert not Response.objects.exists() and not Token.objects.filter(used=True).exists()


def test_every_question_must_be_answered(world, client, survey):
    code = services.issue_tokens(world.hr_a, survey, 1)[0]
    form = answer_form()
    del form["care"]
    response = client.post(reverse("survey-answer", args=[code]), form)
    assert "还有题目没有作答" in response.content.decode()
    assert not Response.objects.exists() and not Token.objects.get().used


# --- anonymity -----------------------------------------------------------------------------------


def table_columns(model) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)}


def test_stored_rows_cannot_be_tied_to_a_token_a_person_or_a_time(world, client_for, survey):
    """Inspect every column of the stored rows after a logged-in worker answered."""
    code = services.issue_tokens(world.hr_a, survey, 1)[0]
    token = Token.objects.get()
    alice = client_for(world.alice)  # answering while logged in must not matter
    logs, timeline = LogEntry.objects.count(), TimelineEntry.objects.count()
    alice.post(
        reverse("survey-answer", args=[code]), answer_form(4, "宿舍热水 电话13912345678"), REMOTE_ADDR="10.1.2.3"
    )

    dims = set(DIMENSION_KEYS)
    assert table_columns(Response) == {"id", "survey_id", "survey_date", "suggestion", *dims}
    assert table_columns(Token) == {"id", "survey_id", "digest", "used"}
    [row] = Response.objects.values()
    assert set(row) == {"id", "survey_id", "survey_date", "suggestion", *dims}
    assert row["survey_id"] == survey.pk
    assert row["survey_date"] == survey.opens_on != TODAY()  # the survey's date, not the day of answering
    assert isinstance(row["id"], uuid.UUID) and row["id"].version == 4  # random: no order of arrival
    assert {row[k] for k in dims} == {4}
    assert row["suggestion"] == "宿舍热水 电话***"
    values = " ".join(str(v) for v in row.values())
    for secret in (code, token.digest, world.alice.username, "10.1.2.3", "王丽"):
        assert secret not in values
    assert list(Token.objects.values()) == [
        {"id": token.pk, "survey_id": survey.pk, "digest": token.digest, "used": True}
    ]
    # no field holds a time of day, and no relation but the survey
    for model in (Response, Token):
        for field in model._meta.concrete_fields:
            assert field.get_internal_type() not in ("DateTimeField", "TimeField"), field
            assert not field.is_relation or field.related_model is Survey, field
    # and nothing else was written: no audit entry, no timeline entry
    assert LogEntry.objects.count() == logs and TimelineEntry.objects.count() == timeline
    assert not auditlog.contains(Response) and not auditlog.contains(Token) and auditlog.contains(Survey)


def test_the_token_never_reaches_the_logs(world, client, survey, caplog):
    code = services.issue_tokens(world.hr_a, survey, 1)[0]
    url = reverse("survey-answer", args=[code])
    with caplog.at_level(logging.DEBUG):
        client.post(url, answer_form())
        client.post(url, answer_form())  # a 410, which Django logs with the request path
        client.get(reverse("survey-answer", args=["UNKNOWN234"]))  # a 404
    assert "Gone: /s/***" in caplog.text and "Not Found: /s/***" in caplog.text
    assert code not in caplog.text and "UNKNOWN234" not in caplog.text
    assert all(getattr(r, "request", None) is None for r in caplog.records if "/s/" in r.getMessage())


# --- results -------------------------------------------------------------------------------------


def test_results_are_withheld_below_ten_answers(world, client_for, survey):
    answered(survey, [5] * 9)
    page = client_for(world.hr_a).get(survey.get_absolute_url()).content.decode()
    assert "样本不足 10 份，不显示结果" in page and "总体满意率" not in page
    api = client_for(world.hr_a).get(reverse("api:get_survey", kwargs={"id": survey.pk})).json()
    assert api["results"] == {
        "responses": 9,
        "shown": False,
        "message": "样本不足 10 份，不显示结果",
        "overall_rate": None,
        "overall_average": None,
        "dimensions": [],
    }
    assert survey.summary().dimensions == ()


def test_results_from_ten_answers_computed_in_the_database_match_the_rules(world, client_for, survey):
    sheets = [[5, 4, 3, 2, 1, 5, 4, 3], [4] * 8, [3] * 8, [2, 2, 2, 2, 4, 4, 4, 4], [5] * 8] * 2 + [[1] * 8]
    answered(survey, sheets)
    expected = satisfaction_summary(scores(s) for s in sheets)
    assert survey.summary() == expected
    assert expected.responses == 11 and expected.shown
    # satisfied answers: 4 + 8 + 0 + 4 + 8 = 24 per five sheets, 48 in all, of 11 * 8 = 88 -> 54.55 %
    assert expected.overall_rate == Decimal("54.55")
    page = client_for(world.lixia).get(survey.get_absolute_url()).content.decode()
    assert "54.55%" in page and "样本不足" not in page
    api = client_for(world.lixia).get(reverse("api:get_survey", kwargs={"id": survey.pk})).json()
    assert api["results"]["shown"] and Decimal(api["results"]["overall_rate"]) == Decimal("54.55")
    pay = api["results"]["dimensions"][0]
    assert pay["label"] == "劳动报酬" and Decimal(pay["rate"]) == Decimal("54.55")  # (2+2+0+0+2)/11
    assert api["tokens_issued"] == 11 and api["tokens_used"] == 11


def test_county_staff_of_another_county_cannot_see_the_results(world, client_for, survey):
    answered(survey, [4] * 10)
    shizhong = client_for(world.shizhong)
    assert shizhong.get(survey.get_absolute_url()).status_code == 404
    assert shizhong.get(reverse("api:get_survey", kwargs={"id": survey.pk})).status_code == 404
    assert shizhong.get(reverse("api:list_surveys")).json()["items"] == []
    assert survey.title not in shizhong.get(reverse("survey-list")).content.decode()
    assert client_for(world.city).get(survey.get_absolute_url()).status_code == 200  # Jinan covers Lixia
    listed = client_for(world.lixia).get(reverse("api:list_surveys")).json()["items"]
    assert [s["id"] for s in listed] == [survey.pk] and listed[0]["results"]["overall_rate"] == "100.00"


def test_the_list_exports_to_xlsx(world, client_for, survey):
    open_survey(world, world.enterprise_b)
    response = client_for(world.lixia).get(reverse("survey-export"))
    rows = list(openpyxl.load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("名称", "企业") and [r[1] for r in rows[1:]] == ["济南泉城机械有限公司"]


# --- the computed indicator ----------------------------------------------------------------------


def test_the_satisfaction_indicator(world):
    rate = INDICATORS["surveys.satisfaction_rate"].func
    assert str(INDICATORS["surveys.satisfaction_rate"].label) == "职工满意度"
    a = world.enterprise_a
    assert rate(a, TODAY()) is None  # no survey
    older = open_survey(world, opens_on=TODAY() - timedelta(days=60))
    answered(older, [5] * 10 + [2] * 10)  # 50.00 %
    Survey.workflow.apply(older, "close", world.hr_a)
    latest = open_survey(world, opens_on=TODAY() - timedelta(days=3))
    answered(latest, [4] * 9)  # only 9 answers: not counted yet
    assert rate(a, TODAY()) == Decimal("50.00")
    answered(latest, [4] * 3 + [1] * 1)  # 12 of 13 satisfied -> 92.31 %
    assert rate(a, TODAY()) == Decimal("92.31")
    assert rate(a, TODAY() - timedelta(days=10)) == Decimal("50.00")  # the latest opened on or before that day
    assert rate(a, TODAY() - timedelta(days=61)) is None
    assert rate(world.enterprise_b, TODAY()) is None
    draft = services.create_survey(world.hr_a, enterprise=a, opens_on=TODAY(), closes_on=TODAY(), planned_tokens=20)
    assert draft.status == Survey.Status.DRAFT and rate(a, TODAY()) == Decimal("92.31")
    # the batch form gives the same values for many enterprises at once (ids or rows)
    b = world.enterprise_b
    assert rate.many([a, b], TODAY()) == {a.pk: Decimal("92.31")}
    assert rate.many([a.pk, b.pk], TODAY() - timedelta(days=10), chunk=1) == {a.pk: Decimal("50.00")}
