"""The English catalogue: every msgid is translated, and with English chosen the pages' chrome
(navigation, headings, buttons, labels, table headers) has no Chinese left.

Data values (organization, region, round, indicator and user names...) stay Chinese in English:
they are taken out of the checked text before looking for CJK characters.
"""

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from hexie.campaign.models import Application, Indicator, IndicatorSystem, Naming, Round
from hexie.campaign.services import applications as campaign_services
from hexie.contracts.models import ContractTemplate, LaborContract, TemplateClause
from hexie.core.models import Organization, Region
from hexie.disputes.models import DisputeCase
from hexie.surveys.models import Survey
from hexie.wages.models import Listing, Project, RosterEntry
from tests.campaign.conftest import campaign, fill_self_assessment  # noqa: F401 (fixture)
from tests.campaign.naming_factory import make_naming
from tests.contracts.factory import make_contract
from tests.disputes.factory import make_case
from tests.surveys.test_surveys import open_survey
from tests.wages.factory import enroll, make_project

PO_FILE = Path(settings.BASE_DIR) / "hexie" / "locale" / "en" / "LC_MESSAGES" / "django.po"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
CHROME_TAGS = {"nav", "h1", "h2", "h3", "h4", "h5", "th", "button", "label", "legend", "caption"}


# --- the catalogue ---------------------------------------------------------------------------------


def _unquote(line: str) -> str:
    return line[line.index('"') + 1 : line.rindex('"')].encode("latin-1", "backslashreplace").decode("unicode_escape")


def po_entries(text: str) -> list[dict]:
    """A tiny .po reader: each entry's msgid, msgid_plural, msgstr / msgstr[n] and flags."""
    entries, entry, key = [], None, None

    def close():
        if entry is not None and ("msgid" in entry):
            entries.append(entry)

    for raw in text.splitlines() + [""]:
        line = raw.strip()
        if not line:
            close()
            entry, key = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            key = "msgid_plural"
            entry[key] = _unquote(line)
        elif line.startswith("msgid "):
            key = "msgid"
            entry[key] = _unquote(line)
        elif line.startswith("msgctxt "):
            key = "msgctxt"
            entry[key] = _unquote(line)
        elif line.startswith("msgstr"):
            index = line[7 : line.index("]")] if line.startswith("msgstr[") else "0"
            key = ("msgstr", index)
            entry["msgstr"][index] = _unquote(line)
        elif line.startswith('"') and key is not None:
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] += _unquote(line)
            else:
                entry[key] += _unquote(line)
    return entries


def test_the_reader_finds_an_untranslated_entry():
    sample = (
        '#, fuzzy\nmsgid "保存"\nmsgstr ""\n\n'
        'msgid ""\n"取消"\nmsgstr "Cancel"\n\n'
        'msgid "%(n)s 份"\nmsgid_plural "%(n)s 份"\nmsgstr[0] "%(n)s copy"\nmsgstr[1] ""\n'
    )
    entries = po_entries(sample)
    assert [e["msgid"] for e in entries] == ["保存", "取消", "%(n)s 份"]
    assert entries[0]["msgstr"] == {"0": ""} and "fuzzy" in entries[0]["flags"]
    assert entries[1]["msgstr"] == {"0": "Cancel"}
    assert entries[2]["msgstr"] == {"0": "%(n)s copy", "1": ""}


def test_every_english_entry_is_translated_and_none_is_fuzzy():
    entries = [e for e in po_entries(PO_FILE.read_text(encoding="utf-8")) if e["msgid"]]
    assert len(entries) > 900
    untranslated = [e["msgid"] for e in entries if any(not value for value in e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    for entry in entries:
        wanted = sorted(re.findall(r"%\(\w+\)[sd]|%[sd]", entry["msgid"]))
        for value in entry["msgstr"].values():
            if value != entry["msgid"]:
                assert sorted(re.findall(r"%\(\w+\)[sd]|%[sd]", value)) == wanted, entry["msgid"]


def test_the_compiled_catalogue_has_the_new_strings():
    from django.utils import translation

    with translation.override("en"):
        # Strings added in the campaign, surveys and contracts modules come out of the compiled .mo.
        assert translation.gettext("和谐劳动关系创建") == "Harmonious labor relations creation"
        assert translation.gettext("满意度测评") == "Satisfaction surveys"
        assert translation.gettext("四方会签") == "Four-party sign-off"
        assert translation.gettext("电子劳动合同") == "Electronic labor contracts"
        assert translation.gettext("集体合同") == "Collective contract"


# --- the pages -------------------------------------------------------------------------------------


class ChromeText(HTMLParser):
    """The text inside navigation, headings, buttons, labels and table headers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in CHROME_TAGS:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in CHROME_TAGS and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and data.strip():
            self.parts.append(data.strip())


def data_values() -> list[str]:
    """Names that are data, not interface: they stay as entered whatever the language."""
    from django.contrib.auth import get_user_model

    values = set()
    values.update(Organization.objects.values_list("name", flat=True))
    values.update(Region.objects.values_list("name", flat=True))
    values.update(Round.objects.values_list("name", flat=True))
    values.update(IndicatorSystem.objects.values_list("name", flat=True))
    # IndicatorSystem.__str__ is "<name>（第N版）", not translated (hexie/campaign/models.py).
    values.update(str(system) for system in IndicatorSystem.objects.all())
    values.update(Indicator.objects.values_list("name", flat=True))
    values.update(Naming.objects.values_list("title", flat=True))
    values.update(Naming.objects.values_list("plaque_number", flat=True))
    values.update(Survey.objects.values_list("title", flat=True))
    # Contract templates (the model texts' names are official titles), their clause headings and the
    # contract numbers are stored as entered.
    values.update(ContractTemplate.objects.values_list("name", flat=True))
    values.update(str(template) for template in ContractTemplate.objects.all())
    values.update(TemplateClause.objects.values_list("heading", flat=True))
    values.update(LaborContract.objects.values_list("number", flat=True))
    # Dispute case numbers and construction projects' codes, names and workers' trades likewise.
    values.update(DisputeCase.objects.values_list("number", flat=True))
    values.update(DisputeCase.objects.values_list("arbitration_number", flat=True))
    values.update(Project.objects.values_list("code", flat=True))
    values.update(Project.objects.values_list("name", flat=True))
    values.update(RosterEntry.objects.values_list("trade", flat=True))
    for user in get_user_model().objects.all():
        values.update({user.get_full_name(), user.first_name, user.last_name, user.get_username()})
    return sorted((v for v in values if v), key=len, reverse=True)


def chinese_chrome(html: str) -> list[str]:
    parser = ChromeText()
    parser.feed(html)
    text = "\n".join(parser.parts)
    for value in data_values():
        text = text.replace(value, " ")
    # The language switcher names Chinese in Chinese, as users who cannot read English look for it.
    text = text.replace("简体中文", " ").replace("中文", " ")
    return [line for line in text.splitlines() if CJK.search(line)]


def english_page(client, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.headers.get("Content-Language") == "en"
    return response.content.decode()


@pytest.fixture
def busy_world(campaign):  # noqa: F811 (fixture)
    """An application in county review with its sign-off grid, a named unit, an open survey,
    Alice's labor contracts: one in force, one draft; Alice's labor dispute cases (one filed, one in
    mediation, one with a hearing scheduled) and a construction project she is enrolled on, with a
    published blacklist entry."""
    application = campaign_services.create_application(campaign.hr_a, campaign.round, campaign.enterprise_a, "county")
    fill_self_assessment(application)
    campaign_services.submit_application(campaign.hr_a, application)
    campaign_services.accept_application(campaign.lixia, application)
    application.refresh_from_db()
    assert application.status == Application.Status.COUNTY_REVIEW
    campaign.__dict__["application"] = application
    campaign.__dict__["naming"] = make_naming(campaign, campaign.enterprise_b)
    campaign.__dict__["survey"] = open_survey(campaign)
    campaign.__dict__["contract"] = make_contract(campaign.enterprise_a, campaign.alice_person, status="in_force")
    campaign.__dict__["draft"] = make_contract(
        campaign.enterprise_a, campaign.alice_person, start=date(2029, 1, 1), end=date(2031, 12, 31), probation_end=None
    )
    campaign.__dict__["case"] = make_case(campaign.enterprise_a, campaign.alice_person)
    campaign.__dict__["mediating"] = make_case(campaign.enterprise_a, campaign.alice_person, status="mediating")
    campaign.__dict__["hearing"] = make_case(
        campaign.enterprise_a, campaign.alice_person, status="hearing_scheduled", cause="overtime"
    )
    campaign.__dict__["project"] = make_project(campaign)
    enroll(campaign.project, campaign.alice_person)
    listing = Listing.objects.create(
        kind="blacklist", organization=campaign.enterprise_qd, region=campaign.enterprise_qd.region,
        findings=[["BL-5", "error", "拖欠10名劳动者工资累计60000.00元"]], proposed_on=date(2026, 1, 5),
        listed_on=date(2026, 2, 1), expires_on=date(2029, 2, 1), published=True,
    )  # fmt: skip
    Listing.objects.filter(pk=listing.pk).update(status="listed")  # a fixture, not the flow
    return campaign


def test_the_chrome_finds_chinese_when_chinese_is_chosen(busy_world, client_for):
    """The check can fail: the same page in Chinese is caught."""
    client = client_for(busy_world.lixia)
    html = client.get(reverse("campaign:application-detail", args=[busy_world.application.pk])).content.decode()
    assert chinese_chrome(html)


@pytest.mark.parametrize(
    "viewer,url",
    [
        (None, lambda w: reverse("campaign:public-list")),
        (None, lambda w: reverse("campaign:public-notice")),
        (None, lambda w: reverse("campaign:certificate-verify", args=[w.naming.serial])),
        ("lixia", lambda w: reverse("home")),
        ("lixia", lambda w: reverse("campaign:application-detail", args=[w.application.pk])),
        ("lixia", lambda w: reverse("campaign:application-list")),
        ("lixia", lambda w: reverse("campaign:round-detail", args=[w.round.pk])),
        ("lixia", lambda w: reverse("campaign:naming-list")),
        ("city", lambda w: reverse("campaign:naming-detail", args=[w.naming.pk])),
        ("lixia", lambda w: reverse("campaign:recheck-list")),
        ("province", lambda w: reverse("campaign:system-list")),
        ("province", lambda w: reverse("campaign:system-detail", args=[w.system.pk])),
        ("hr_a", lambda w: reverse("home")),
        ("hr_a", lambda w: reverse("campaign:assessment-edit", args=[w.application.pk])),
        ("hr_a", lambda w: reverse("survey-list")),
        ("hr_a", lambda w: reverse("survey-create")),
        ("hr_a", lambda w: reverse("survey-detail", args=[w.survey.pk])),
        ("admin", lambda w: reverse("home")),
        (None, lambda w: reverse("contracts:verify")),
        ("hr_a", lambda w: reverse("contracts:contract-list")),
        ("hr_a", lambda w: reverse("contracts:contract-detail", args=[w.contract.pk])),
        ("hr_a", lambda w: reverse("contracts:contract-detail", args=[w.draft.pk])),
        ("hr_a", lambda w: reverse("contracts:contract-create")),
        ("hr_a", lambda w: reverse("contracts:template-list")),
        ("hr_a", lambda w: reverse("contracts:template-detail", args=[w.contract.template_id])),
        ("hr_a", lambda w: reverse("contracts:batch-start")),
        ("hr_a", lambda w: reverse("contracts:contract-end", args=[w.contract.pk])),
        ("hr_a", lambda w: reverse("contracts:expiring-list")),
        ("hr_a", lambda w: reverse("contracts:collective-list")),
        ("hr_a", lambda w: reverse("contracts:collective-create")),
        ("hr_a", lambda w: reverse("contracts:statistics")),
        ("lixia", lambda w: reverse("contracts:statistics")),
        ("lixia", lambda w: reverse("contracts:collective-coverage")),
        ("alice", lambda w: reverse("contracts:my-contracts")),
        ("alice", lambda w: reverse("contracts:worker-contract", args=[w.contract.pk])),
        ("lixia", lambda w: reverse("disputes:case-list")),
        ("lixia", lambda w: reverse("disputes:case-detail", args=[w.case.pk])),
        ("hr_a", lambda w: reverse("disputes:case-detail", args=[w.mediating.pk])),
        ("arbitrator", lambda w: reverse("disputes:case-detail", args=[w.hearing.pk])),
        ("alice", lambda w: reverse("disputes:my-cases")),
        ("alice", lambda w: reverse("disputes:my-case-detail", args=[w.hearing.pk])),
        ("alice", lambda w: reverse("disputes:file")),
        ("hr_a", lambda w: reverse("disputes:file")),
        ("lixia", lambda w: reverse("disputes:statistics")),
        ("court_liaison", lambda w: reverse("disputes:court-cases")),
        ("mediator", lambda w: reverse("disputes:mediation-queue")),
        ("arbitrator", lambda w: reverse("disputes:hearing-calendar")),
        ("lixia", lambda w: reverse("wages:project-list")),
        ("lixia", lambda w: reverse("wages:project-detail", args=[w.project.pk])),
        ("lixia", lambda w: reverse("wages:project-roster", args=[w.project.pk])),
        ("lixia", lambda w: reverse("wages:statistics")),
        ("lixia", lambda w: reverse("wages:warning-list")),
        ("lixia", lambda w: reverse("wages:complaint-list")),
        ("lixia", lambda w: reverse("wages:listing-list")),
        ("alice", lambda w: reverse("wages:complaint-file")),
        ("alice", lambda w: reverse("wages:my-complaints")),
        ("alice", lambda w: reverse("wages:mine")),
        (None, lambda w: reverse("wages:blacklist-public")),
    ],
)
def test_english_pages_have_no_chinese_in_their_chrome(busy_world, client, client_for, viewer, url):
    if viewer:
        client = client_for(busy_world.users[viewer])
    html = english_page(client, url(busy_world))
    assert not chinese_chrome(html)
