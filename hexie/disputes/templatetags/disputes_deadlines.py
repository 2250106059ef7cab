"""`{% case_clocks case as clocks %}` (the clocks panel) and `{% court_panel case as court %}` (the
court-linkage panel) for the case page's partials parts/clocks.html and parts/court_panel.html."""

from django import template
from django.utils import timezone

from ..services import court as court_service
from ..services import deadlines

register = template.Library()


@register.simple_tag
def case_clocks(case) -> list:
    return deadlines.case_clocks(case, timezone.localdate())


@register.simple_tag(takes_context=True)
def court_panel(context, case) -> dict:
    return court_service.panel(case, context.get("user"))
