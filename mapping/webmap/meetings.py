"""The maps of the meetings' pages: every meeting of the commune, one meeting, and the form's
map where a planner places a meeting with a click (mapping/static/mapping/meeting_form.js)."""

import folium
from branca.element import MacroElement
from django.utils.translation import gettext
from folium.template import Template

from mapping.models import Meeting
from mapping.webmap.builder import _geojson
from mapping.webmap.layers import Layer, commune_layer, features
from territory.catalogue import layer
from territory.models import Commune
from territory.webmap.base import base_map


def _commune_map(commune: Commune) -> folium.Map:
    min_lon, min_lat, max_lon, max_lat = commune.boundary.extent
    new_map = base_map(commune.boundary.extent, zoom_start=14)
    _geojson(Layer("commune", gettext("Commune boundary"), commune_layer(commune))).add_to(new_map)
    new_map.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    return new_map


def build_meetings_map(commune: Commune) -> folium.Map:
    """The meetings page's map: the commune's boundary and every public meeting held there."""
    entry = layer("meetings")
    meetings_map = _commune_map(commune)
    drawn = Layer("meetings", str(entry.title), features(entry, entry.rows(commune, None)))
    _geojson(drawn).add_to(meetings_map)
    return meetings_map


def build_meeting_map(meeting: Meeting) -> folium.Map:
    """A meeting's page: where it was held."""
    entry = layer("meetings")
    lon, lat = meeting.location.coords
    meeting_map = base_map((lon, lat, lon, lat), zoom_start=16)
    _geojson(Layer("commune", gettext("Commune boundary"), commune_layer(meeting.commune))).add_to(
        meeting_map
    )
    place = Layer(
        "meetings",
        gettext("The meeting's place"),
        features(entry, entry.rows(meeting.commune, None).filter(pk=meeting.pk)),
    )
    _geojson(place).add_to(meeting_map)
    return meeting_map


class MeetingPointPicker(MacroElement):
    """A click on the map writes its longitude and latitude in the form's two fields, which
    keyboard users type instead (mapping/static/mapping/meeting_form.js)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            CadreDeVie.pickMeetingPoint({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "MeetingPointPicker"


def build_meeting_form_map(commune: Commune) -> folium.Map:
    """The form's map: the commune's boundary, where a click places the meeting."""
    form_map = _commune_map(commune)
    MeetingPointPicker().add_to(form_map)
    return form_map
