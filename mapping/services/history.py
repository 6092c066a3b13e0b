"""Restoring a previous version of any versioned record (the machinery is territory.history;
the registry of what is versioned is each app's history.py)."""

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mapping.models import Proposal
from mapping.permissions import may_restore_versions
from territory.history import VersionedModel
from territory.models import Commune


def record_commune(entry: VersionedModel, pk: int) -> Commune | None:
    """The commune of a versioned record (its last version's, if it was deleted): planners act
    only in theirs. A comment belongs to its proposal's commune."""
    version = entry.version_model.objects.filter(pgh_obj_id=pk).order_by("-pgh_id").first()
    if version is None:
        return None
    commune_id = getattr(version, "commune_id", None)
    if commune_id is None and getattr(version, "proposal_id", None) is not None:
        commune_id = (
            Proposal.objects.filter(pk=version.proposal_id)
            .values_list("commune_id", flat=True)
            .first()
        )
    return Commune.objects.filter(pk=commune_id).first()


@transaction.atomic
def version_restore(*, entry: VersionedModel, pk: int, version_id: int, actor):
    """Give the record `pk` the values of its version `version_id` again (planners only).

    The restore is itself a new version, whose context names the planner and the version
    restored. A deleted record comes back under its own number. The record is validated as
    any write is, so a version that no longer fits today's rules is refused with a sentence.
    """
    if not may_restore_versions(actor, record_commune(entry, pk)):
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
