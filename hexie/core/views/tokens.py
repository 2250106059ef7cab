"""A user's own API tokens: list, create (the token is shown once) and revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import ApiTokenForm
from ..models import ApiToken
from ..scoping import scoped


@login_required
def token_list(request):
    form, issued = ApiTokenForm(), None
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            token, issued = form.save(request.user)
            form = ApiTokenForm()
    tokens = scoped(ApiToken.objects.filter(user=request.user), request.user).order_by("-created_at")
    response = render(request, "core/token_list.html", {"form": form, "tokens": tokens, "issued": issued})
    if issued:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(scoped(ApiToken.objects.filter(user=request.user), request.user), pk=pk)
    token.delete()
    messages.success(request, _("令牌“%(name)s”已吊销") % {"name": token.name})
    return redirect("token-list")
