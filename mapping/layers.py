"""The participatory map's layers in the catalogue: residents' proposals, fifty-fifty projects.

Which proposals a person sees is written here once (`Proposal.objects.visible_to(user)`, without
the withdrawn ones) and read by the map, its list, the exports and the OGC API.
"""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from mapping.models import FiftyFiftyProject, Meeting, Proposal
from mapping.querysets import support_count
from mapping.zone_shares import ZonesSummary
from territory.catalogue import (
    BOOL,
    DATETIME,
    FLOAT,
    INT,
    POINT,
    Column,
    Layer,
    Style,
    register,
)

STATUS_COLOURS = {
    "submitted": "#1f78b4",
    "under_review": "#6a3d9a",
    "accepted": "#33a02c",
    "partially_accepted": "#7a9a01",
    "rejected": "#b2182b",
    "implemented": "#00441b",
    "withdrawn": "#777777",
}
CATEGORY_ICONS = {
    "housing": "fa-house",
    "mobility": "fa-bicycle",
    "nature": "fa-tree",
    "agriculture": "fa-wheat-awn",
    "energy": "fa-solar-panel",
    "heritage": "fa-landmark",
    "public_space": "fa-people-group",
    "other": "fa-lightbulb",
}
# Lines and outlines of areas carry their category as a dash pattern, points as an icon.
CATEGORY_DASHES = {
    "housing": None,
    "mobility": "10 6",
    "nature": "2 6",
    "agriculture": "12 4 2 4",
    "energy": "6 3",
    "heritage": "1 4",
    "public_space": "16 6",
    "other": "4 4",
}


def proposals_shown(commune, user):
    """The proposals `user` sees (on the map, in its list and in the files): not withdrawn."""
    visible = Proposal.objects.visible_to(user).exclude(status=Proposal.Status.WITHDRAWN)
    return visible.filter(commune=commune) if commune is not None else visible


def _status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Proposal.Status.choices}


def category_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Proposal.Category.choices}


register(
    Layer(
        key="proposals",
        title=_("Residents' proposals"),
        description=_("Ideas pinned on the map by residents, with their status and answer."),
        rows=proposals_shown,
        columns=(
            Column("title", map=True),
            Column("description", map=True),
            Column("category", map=True),
            Column("status", map=True),
            Column("answer"),
            Column("answered_at", DATETIME),
            Column("created_at", DATETIME),
            Column("support_count", INT, annotation=support_count(), map=True),
            Column("author_name", annotation=F("author__display_name"), map=True),
            Column("consultation_id", INT, map=True, api_name="consultation"),
            Column("illustrative", BOOL),
            Column("commune_insee", annotation=F("commune__insee"), api_name="commune"),
            # The zones with their shares and the heritage perimeters, in one sentence.
            Column("zones_summary", annotation=ZonesSummary("pk")),
        ),
        personal_columns=(
            Column("author_username", annotation=F("author__username")),
            Column("author_email", annotation=F("author__email")),
        ),
        geometry_type="Unknown",
        style=Style(
            attribute="status",
            colours=STATUS_COLOURS,
            labels=_status_labels,
            legend_title=_("Residents' proposals, by status"),
            legend_shape=POINT,
            legend_hidden=("withdrawn",),
            symbol_attribute="category",
            icons=CATEGORY_ICONS,
            dashes=CATEGORY_DASHES,
            symbol_labels=category_labels,
            symbol_legend_title=_("Residents' proposals, by category"),
        ),
        order=70,
        map_ordering=("-created_at", "-pk"),
    )
)


MEETING_COLOUR = "#b35806"


def meetings_shown(commune, user):
    """The public meetings: every one is public, minutes included."""
    meetings = Meeting.objects.all()
    return meetings.filter(commune=commune) if commune is not None else meetings


FIFTY_FIFTY_COLOURS = {
    "application": "#fdb863",
    "approved": "#5e3c99",
    "funded": "#1b7837",
    "completed": "#00441b",
    "refused": "#999999",
}


def fifty_fifty_shown(commune, user):
    """The fifty-fifty projects `user` sees: those of the proposals they see (a proposal hidden
    by moderation hides its project), with the proposal's drawing as their geometry."""
    projects = FiftyFiftyProject.objects.filter(
        proposal__in=Proposal.objects.visible_to(user)
    ).annotate(geometry=F("proposal__geometry"))
    return projects.filter(commune=commune) if commune is not None else projects


def _fifty_fifty_status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in FiftyFiftyProject.Status.choices}


register(
    Layer(
        key="fifty-fifty",
        title=_("Fifty-fifty projects"),
        description=_(
            "Projects carried by a collective of residents, half of whose budget the town "
            "funds; drawn where their proposal is."
        ),
        rows=fifty_fifty_shown,
        columns=(
            Column("proposal_id", INT, api_name="proposal"),
            Column("proposal_title", annotation=F("proposal__title")),
            Column("collective_name"),
            Column("collective_kind"),
            Column("total_budget", FLOAT),
            Column("town_share", FLOAT),
            Column("status"),
            Column("refusal_reason"),
            Column("applied_at", DATETIME),
            Column("approved_at", DATETIME),
            Column("funded_at", DATETIME),
            Column("completed_at", DATETIME),
            Column("refused_at", DATETIME),
            Column("illustrative", BOOL),
            Column("commune_insee", annotation=F("commune__insee"), api_name="commune"),
        ),
        # The collective's contact: planners only (the applicant reads it on the project's page).
        personal_columns=(
            Column("contact_name"),
            Column("contact_email"),
            Column("contact_phone"),
        ),
        geometry_type="Unknown",
        style=Style(
            attribute="status",
            colours=FIFTY_FIFTY_COLOURS,
            labels=_fifty_fifty_status_labels,
            legend_title=_("Fifty-fifty projects"),
            legend_shape=POINT,
        ),
        order=75,
        # The proposals' layer already draws them on the map; the list is /fifty-fifty/.
        on_map=False,
    )
)


register(
    Layer(
        key="meetings",
        title=_("Public meetings"),
        description=_(
            "Public meetings held by the town: date, place, topic, attendance and minutes."
        ),
        rows=meetings_shown,
        columns=(
            Column("topic", map=True),
            Column("starts_at", DATETIME, map=True),
            Column("ends_at", DATETIME),
            Column("place_name", map=True),
            Column("attendance", INT, map=True),
            Column("consultation_id", INT, api_name="consultation"),
            Column("illustrative", BOOL, map=True),
            Column("commune_insee", annotation=F("commune__insee"), api_name="commune"),
        ),
        geometry_field="location",
        geometry_type="Point",
        style=Style(
            colour=MEETING_COLOUR,
            legend_title=_("Public meetings"),
            legend_label=_("Public meeting"),
            legend_shape=POINT,
        ),
        order=80,
        map_ordering=("-starts_at", "-pk"),
    )
)
