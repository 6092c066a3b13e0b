"""The history of a record, for planners: every version, and the restore of one of them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mapping.permissions import may_restore_versions
from mapping.services import version_restore
from mapping.services.history import record_commune
from territory.history import record_versions, versioned_model


def record_history(request, key: str, pk: int):
    """/history/<key>/<pk>/: the versions of one record; POST restores one (planners only)."""
    entry = versioned_model(key)
    if entry is None:
        raise Http404(_("No history is kept for this kind of record."))
    commune = record_commune(entry, pk)
    if not (may_restore_versions(request.user) and may_restore_versions(request.user, commune)):
        raise PermissionDenied(_("Only the town's planners can see and restore the history."))
    if request.method == "POST":
        try:
            version_id = int(request.POST.get("version", ""))
        except ValueError:
            version_id = 0
        try:
            version_restore(entry=entry, pk=pk, version_id=version_id, actor=request.user)
        except ValidationError as error:
            for sentence in error.messages:
                messages.error(request, sentence)
        else:
            messages.success(request, _("The version was restored: it is now a new version."))
        return redirect(request.path)
    versions = record_versions(entry, pk)
    record = entry.model._base_manager.filter(pk=pk).first()
    if record is None and not versions:
        raise Http404(_("This record does not exist."))
    return render(
        request,
        "mapping/history.html",
        {"entry": entry, "record": record, "pk": pk, "versions": versions},
    )
