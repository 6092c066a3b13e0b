"""The map's proposal tools: drawing a proposal, filtering, the list in sync, locating oneself.

`ProposalTools` is a folium element that brings Leaflet.draw's files (the same CDN URLs as
`folium.plugins.Draw`, mapped to local files by `territory.webmap.assets`) and hands the map and
the proposals' cluster to mapping/static/mapping/proposals.js, which does the rest in the page.
folium's own Draw element is not used: it adds each drawing twice and alerts its coordinates.
"""

from branca.element import MacroElement
from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from folium.elements import JSCSSMixin
from folium.plugins import Draw
from folium.template import Template

from mapping.models import Consultation, Proposal
from mapping.services import PROPOSAL_MAX_AREA_HA, PROPOSAL_MAX_VERTICES


class ProposalTools(JSCSSMixin, MacroElement):
    """Attaches proposals.js to the map and to the layer of the proposals: a cluster that
    proposals.js fills from `source`'s GeoJSON, or the vector tiles (mapping/webmap/loading.py)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            CadreDeVie.proposals.attach(
                {{ this._parent.get_name() }}, {{ this.layer.get_name() }},
                {{ this.source.config()|tojson }}
            );
        {% endmacro %}
        """
    )
    default_js = Draw.default_js
    default_css = Draw.default_css

    def __init__(self, layer, source):
        super().__init__()
        self._name = "ProposalTools"
        self.layer = layer
        self.source = source


def draw_words() -> dict:
    """Leaflet.draw's words (L.drawLocal), in the active language."""
    return {
        "polyline": _("Draw a line (a path, a street)"),
        "polygon": _("Draw an area (a garden, a square)"),
        "marker": _("Place a point (a bench, a tree)"),
        "edit": _("Edit the drawing"),
        "remove": _("Delete the drawing"),
        "finish": _("Finish"),
        "cancel": _("Cancel"),
        "undo": _("Delete last point"),
        "save": _("Save"),
        "click_start": _("Click to start drawing."),
        "click_continue": _("Click to continue drawing."),
        "click_finish": _("Click the first point to close the area."),
        "click_end": _("Click the last point to finish the line."),
        "click_marker": _("Click the map to place the point."),
    }


def geometry_edit_config(request, proposal: Proposal) -> dict:
    """What proposal_edit.js needs to let the author reshape their proposal."""
    return {
        "csrf_token": get_token(request),
        "api_url": reverse("proposal-detail", args=[proposal.pk]),
        "draw": draw_words(),
        "words": {
            "saved": _("The new drawing is saved."),
            "error": _("The drawing could not be saved. Try again in a moment."),
        },
    }


class ProposalGeometryEditor(JSCSSMixin, MacroElement):
    """Lets the author reshape a proposal on its page (mapping/static/mapping/proposal_edit.js)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            CadreDeVie.editGeometry(
                {{ this._parent.get_name() }}, {{ this.layer.get_name() }}
            );
        {% endmacro %}
        """
    )
    default_js = Draw.default_js
    default_css = Draw.default_css

    def __init__(self, layer):
        super().__init__()
        self._name = "ProposalGeometryEditor"
        self.layer = layer


def drawing_config(request, commune) -> dict:
    """What proposals.js needs to know: who is there, where to send, the words it shows."""
    path = request.get_full_path()
    open_consultations = Consultation.objects.filter(commune=commune).open_at()
    return {
        "authenticated": request.user.is_authenticated,
        "csrf_token": get_token(request),
        "api_url": reverse("proposal-list"),
        "login_url": f"{reverse('account_login')}?next={path}",
        "signup_url": f"{reverse('account_signup')}?next={path}",
        "commune": commune.insee,
        "list_max": settings.MAP_LIST_MAX,
        "has_open_consultation": open_consultations.exists(),
        "categories": {value: str(label) for value, label in Proposal.Category.choices},
        "words": {
            "login_needed": _(
                "Log in or create an account to send your idea: your drawing is kept on this "
                "page meanwhile."
            ),
            "log_in": _("Log in"),
            "sign_up": _("Create an account"),
            "drawing_kept": _("Your drawing was kept: describe your idea below and send it."),
            "no_consultation": _(
                "No consultation is open right now: proposals will be welcome at the next one."
            ),
            "sent": _("Thank you: your proposal is on the map."),
            "open": _("Open the proposal"),
            "show_on_map": _("Show on the map"),
            "visible_count": _("%(count)s proposals visible on the map"),
            # With many proposals the list holds the newest ones of the view (MAP_LIST_MAX).
            "first_count": _(
                "The %(shown)s newest of the %(count)s proposals visible on the map: zoom in "
                "or filter to see the others."
            ),
            "none_visible": _("No proposal in this part of the map matches the filters."),
            "supports": _("Supports"),
            "error": _("The proposal could not be sent. Try again in a moment."),
            "limits": _(
                "A proposal is a point, a line or an area inside the commune, with at most "
                "%(vertices)s points and %(area)s ha."
            )
            % {
                "vertices": number_format(PROPOSAL_MAX_VERTICES, force_grouping=True),
                "area": number_format(PROPOSAL_MAX_AREA_HA, force_grouping=True),
            },
            "locate": _("Show where I am"),
            "length_is": _("Length of the line: %(length)s"),
            "area_is": _("Area drawn: %(area)s"),
            "crossing_here": _("The outline crosses itself here"),
            "choose_category": _("Choose the category of your idea."),
            "keyboard_line_started": _(
                "Drawing a line: move the map with the arrow keys, then add a vertex at its "
                "centre; finish once the line has two vertices or more."
            ),
            "keyboard_area_started": _(
                "Drawing an area: move the map with the arrow keys, then add a vertex at its "
                "centre; finish once the area has three vertices or more."
            ),
            "vertex_added": _("Vertex %(count)s added at the centre of the map."),
            "vertex_removed": _("Last vertex removed: %(count)s left."),
            "no_vertex": _("There is no vertex to remove."),
            "line_needs": _("A line needs at least two vertices: add another one."),
            "area_needs": _("An area needs at least three vertices: add another one."),
            "line_finished": _(
                "The line is finished with %(count)s vertices: describe your idea in the form."
            ),
            "area_closed": _(
                "The area is closed with %(count)s vertices: describe your idea in the form."
            ),
            "keyboard_cancelled": _("Drawing cancelled."),
        },
        "draw": draw_words(),
    }
