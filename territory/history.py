"""The history of every change: the machinery every app's versioned models share.

django-pghistory installs PostgreSQL triggers on each versioned table: every insert, update
and delete writes the whole row into the model's version table, so a bulk `QuerySet.update()`,
the admin and raw SQL are all recorded, not only the writes that go through a service. Who
made the change comes from pghistory's context (its middleware for requests; services and
commands add theirs with `pghistory.context(...)`).

territory imports no app above it: each app declares its versioned models in its own
`history.py` (the one registry of that app), read here by the history page and the restore.
"""

from dataclasses import dataclass

import pghistory
from django.contrib.gis.geos import GEOSGeometry
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class VersionedModel:
    """A model whose every version is kept, addressed by `key` in /history/<key>/<pk>/."""

    key: str
    model: type[models.Model]
    version_model: type[models.Model]

    @property
    def label(self):
        return self.model._meta.verbose_name

    def tracked_fields(self) -> list[models.Field]:
        """The fields a version holds and a restore writes back (not the key, not what the
        database derives itself)."""
        names = {f.name for f in self.version_model._meta.fields}
        return [
            f
            for f in self.model._meta.concrete_fields
            if f.name in names and not f.primary_key and not isinstance(f, models.GeneratedField)
        ]


_VERSIONED: dict[str, VersionedModel] = {}


def versioned(model: type[models.Model], *, key: str) -> VersionedModel:
    """Keep every version of `model` (called once per model, from its app's history.py while
    the models load, so that the version model has its migration)."""
    version_model = pghistory.create_event_model(
        model,
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        obj_field=pghistory.ObjForeignKey(related_name="versions"),
        model_name=f"{model.__name__}Version",
        abstract=False,
        meta={"verbose_name": format_lazy(_("version of {}"), model._meta.verbose_name)},
    )
    entry = VersionedModel(key=key, model=model, version_model=version_model)
    _VERSIONED[key] = entry
    return entry


def versioned_models() -> list[VersionedModel]:
    return list(_VERSIONED.values())


def versioned_model(key: str) -> VersionedModel | None:
    return _VERSIONED.get(key)


def entry_for(model: type[models.Model]) -> VersionedModel | None:
    return next((e for e in _VERSIONED.values() if e.model is model), None)


def summarise(value) -> str:
    """A value as a planner reads it in the history: geometries by their kind and size."""
    if value is None or value == "":
        return "–"
    if isinstance(value, GEOSGeometry):
        return _("%(kind)s of %(points)s points") % {
            "kind": value.geom_type,
            "points": value.num_coords,
        }
    text = str(value)
    return text if len(text) <= 300 else text[:299] + "…"


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Version:
    """One version of a record as the history page shows it."""

    pk: int
    at: object
    kind: str
    who: str
    changes: list[Change]
    restorable: bool


_KINDS = {"insert": _("created"), "update": _("changed"), "delete": _("deleted")}


def record_versions(entry: VersionedModel, pk: int) -> list[Version]:
    """Every version of the record `pk`, newest first, each with what changed from the one
    before it (who made it comes from the context its write ran in)."""
    from django.contrib.auth import get_user_model

    rows = list(
        entry.version_model.objects.filter(pgh_obj_id=pk)
        .select_related("pgh_context")
        .order_by("pgh_id")
    )
    user_ids = {(row.pgh_context.metadata or {}).get("user") for row in rows if row.pgh_context} - {
        None
    }
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids)}
    fields = entry.tracked_fields()
    versions = []
    previous = None
    for row in rows:
        metadata = (row.pgh_context.metadata or {}) if row.pgh_context else {}
        user = users.get(metadata.get("user"))
        kind = _KINDS.get(row.pgh_label, row.pgh_label)
        if metadata.get("restored_version"):
            kind = _("restored from an earlier version")
        changes = []
        if row.pgh_label != "delete":
            for field in fields:
                after = getattr(row, field.attname)
                before = getattr(previous, field.attname) if previous is not None else None
                if previous is None and after in (None, ""):
                    continue
                if previous is not None and before == after:
                    continue
                if field.attname in ("updated_at",):
                    continue
                changes.append(
                    Change(
                        field=str(field.verbose_name),
                        before=summarise(before) if previous is not None else "–",
                        after=summarise(after),
                    )
                )
        versions.append(
            Version(
                pk=row.pk,
                at=row.pgh_created_at,
                kind=kind,
                who=(user.display_name or user.get_username())
                if user
                else _("unknown (a script or the database)"),
                changes=changes,
                restorable=row.pgh_label != "delete",
            )
        )
        previous = row
    versions.reverse()
    return versions
