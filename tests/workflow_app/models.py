"""A request with a statutory reply clock, as later modules will model theirs."""

from django.db import models

from hexie.core.models import Organization
from hexie.core.scoping import ScopeSpec
from hexie.core.workflow import SYSTEM, DeadlineRule, Transition, Workflow, WorkflowModel


class Request(WorkflowModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"
        ACCEPTED = "accepted", "已受理"
        CLOSED = "closed", "已办结"

    initial_status = Status.DRAFT
    workflow = Workflow(
        Transition(
            "submit",
            Status.DRAFT,
            Status.SUBMITTED,
            {"hr"},
            "提交",
            deadline=DeadlineRule("reply_due", 5, "working", "LDMAL-29"),
        ),
        Transition(
            "accept",
            Status.SUBMITTED,
            Status.ACCEPTED,
            {"staff"},
            "受理",
            deadline=DeadlineRule("close_due", 45, "natural", "LDMAL-43"),
            clears=("reply_due",),
        ),
        Transition(
            "close",
            (Status.SUBMITTED, Status.ACCEPTED),
            Status.CLOSED,
            {"staff", SYSTEM},
            "办结",
            clears=("close_due",),
        ),
    )

    enterprise = models.ForeignKey(Organization, on_delete=models.CASCADE)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    reply_due = models.DateField(null=True)
    reply_due_provisional = models.BooleanField(default=False)
    close_due = models.DateField(null=True)

    scope = ScopeSpec(region="enterprise__region__code", organization="enterprise_id")
