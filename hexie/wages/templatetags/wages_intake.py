"""Template tags of intake: the project page's intake panel (`{% intake_panel project as panel %}`)
and the complaint link of the worker's page (`{% complaint_url as url %}`, None until the
complaints part is routed)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def intake_panel(context, project):
    from ..services import intake

    request = context.get("request")
    return intake.panel(project, getattr(request, "user", None))


@register.simple_tag
def complaint_url():
    from ..views.intake import complaint_url as url

    return url()
