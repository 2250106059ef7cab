"""Import pages (数据导入): upload a spreadsheet, follow the job; templates; attachment download."""

from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..attachments import XLSX, save_upload
from ..imports import IMPORTERS, start_import, template_workbook
from ..models import Attachment, Job
from ..scoping import scoped

IMPORT_TYPES = {XLSX: ".xlsx", "text/csv": ".csv"}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("导入内容"), choices=[(k, i.title) for k, i in IMPORTERS.items()])
    file = forms.FileField(label=gettext_lazy("文件（.xlsx 或 .csv）"))


@login_required
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        try:
            attachment = save_upload(form.cleaned_data["file"], user=request.user, allowed=IMPORT_TYPES)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            job = start_import(form.cleaned_data["kind"], attachment, request.user)
            return redirect("job-detail", pk=job.pk)
    recent = scoped(Job.objects.filter(kind__startswith="core.import_"), request.user)[:10]
    return render(
        request,
        "core/import_start.html",
        {
            "form": form,
            "title": _("数据导入"),
            "recent": recent,
            "templates": [(kind, importer.title, importer.columns) for kind, importer in IMPORTERS.items()],
        },
    )


def import_template(request, kind: str):
    """The .xlsx template of one import (public: it holds only headers and an example)."""
    if kind not in IMPORTERS:
        raise Http404
    response = HttpResponse(template_workbook(kind), content_type=XLSX)
    filename = _("%(title)s导入模板.xlsx") % {"title": IMPORTERS[kind].title}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(scoped(Attachment.objects, request.user), pk=pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
