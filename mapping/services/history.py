"""Restoring a previous version of any versioned record (the machinery is territory.history;
the registry of what is versioned is each app's history.py)."""

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mapping.permissions import may_restore_versions
from territory.history import VersionedModel


@transaction.atomic
def version_restore(*, entry: VersionedModel, pk: int, version_id: int, actor):
    """Give the record `pk` the values of its version `version_id` again (planners only).

    The restore is itself a new version, whose context names the planner and the version
    restored. A deleted record comes back under its own number. The record is validated as
    any write is, so a version that no longer fits today's rules is refused with a sentence.
    """
    if not may_restore_versions(actor):
        raise PermissionDenied(_("Only planners may restore a previous version."))
    try:
        version = entry.version_model.objects.get(pk=version_id, pgh_obj_id=pk)
    except entry.version_model.DoesNotExist:
        raise ValidationError(_("This version does not belong to this record.")) from None
    if version.pgh_label == "delete":
        raise ValidationError(_("Choose a version the record had, not its deletion."))
    record = entry.model._base_manager.select_for_update().filter(pk=pk).first() or entry.model(
        pk=pk
    )
    for field in entry.tracked_fields():
        setattr(record, field.attname, getattr(version, field.attname))
    record.full_clean()
    with pghistory.context(user=actor.pk, restored_version=version.pk):
        record.save()
    return record
