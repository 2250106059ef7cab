"""Issuing case documents as PDFs and serving them electronically (电子送达) with receipts.

    document = issue_document(case, CaseDocument.Kind.AWARD, pdf.Document(...), user)
    serve(document, user)            # one Service per party, an SMS telling each where to read it
    receipt(service, user)           # the party opened it: the receipt (送达回证) is recorded

A document's file is immutable once issued; its sha256 is kept so a copy can be checked.
"""

import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core import crypto
from hexie.core.senders import sms_sender

from .. import pdf
from ..models import CaseDocument, DisputeCase, Party, Service


def issue_document(case: DisputeCase, kind: str, content: pdf.Document, user) -> CaseDocument:
    """Render `content` and keep it as a document of `case` (no permission check: the calling
    service has made it for the act the document records)."""
    data = pdf.render(content)
    document = CaseDocument(
        case=case,
        kind=kind,
        number=content.number,
        title=content.title,
        sha256=hashlib.sha256(data).hexdigest(),
        issued_at=timezone.now(),
        issued_by=user,
    )
    document.file.save(f"{case.pk}-{kind}-{document.sha256[:12]}.pdf", ContentFile(data), save=False)
    document.save()
    return document


def serve(document: CaseDocument, user, *, parties=None, channel=Service.Channel.ELECTRONIC) -> list[Service]:
    """Serve `document` on `parties` (every party of the case by default): each gets a Service row
    and, when a phone is known, an SMS saying where to read it. Serving twice changes nothing."""
    parties = list(parties if parties is not None else document.case.parties.select_related("person"))
    now = timezone.now()
    made = []
    with transaction.atomic():
        for party in parties:
            service, created = Service.objects.get_or_create(
                document=document, party=party, defaults={"channel": channel, "sent_at": now}
            )
            if created:
                made.append(service)
                if party.person_id and party.person.phone_cipher:
                    sms_sender().send(
                        crypto.decrypt(party.person.phone_cipher),
                        _("【和谐】您的案件%(case)s有新的法律文书《%(title)s》，请登录平台查看并签收。")
                        % {"case": document.case, "title": document.title},
                    )
    return made


def receipt(service: Service, user) -> Service:
    """The party (the worker themselves, or a user of the party's enterprise) opened the document:
    record the receipt once; later openings keep the first time."""
    party = service.party
    own = (party.person_id and getattr(getattr(user, "person", None), "pk", None) == party.person_id) or (
        party.organization_id and user.memberships.filter(organization_id=party.organization_id).exists()
    )
    if not own:
        raise PermissionDenied(_("只有受送达人本人可以签收"))
    if service.receipt_at is None:
        Service.objects.filter(pk=service.pk, receipt_at__isnull=True).update(
            receipt_at=timezone.now(), receipt_by=user
        )
        service.refresh_from_db()
    return service


def party_of(case: DisputeCase, user) -> Party | None:
    """The party of `case` that `user` is (as the worker or as a user of the enterprise), if any."""
    person_id = getattr(getattr(user, "person", None), "pk", None)
    if person_id:
        found = case.parties.filter(person_id=person_id).first()
        if found:
            return found
    orgs = user.memberships.values_list("organization_id", flat=True) if user.is_authenticated else []
    return case.parties.filter(organization_id__in=list(orgs)).first()
