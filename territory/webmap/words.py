"""The words of Leaflet's and its plugins' own controls, in the active language.

Leaflet, Leaflet.draw and the scale speak English unless told otherwise ("Zoom in", "Layers",
"Draw a polygon", "No layers to edit", feet). `leaflet_words()` gives their strings through
Django's translations, and `render_map_parts` places them in every map's page header, where
territory/static/territory/leaflet_words.js hands them to Leaflet before the map is made.
"""

from django.utils.formats import get_format
from django.utils.translation import gettext as _


def _draw_words() -> dict:
    """L.drawLocal, the words of Leaflet.draw's toolbars and tooltips."""
    return {
        "draw": {
            "toolbar": {
                "actions": {"title": _("Cancel the drawing"), "text": _("Cancel")},
                "finish": {"title": _("Finish the drawing"), "text": _("Finish")},
                "undo": {"title": _("Delete the last point drawn"), "text": _("Delete last point")},
                "buttons": {
                    "polyline": _("Draw a line"),
                    "polygon": _("Draw an area"),
                    "rectangle": _("Draw a rectangle"),
                    "circle": _("Draw a circle"),
                    "marker": _("Place a point"),
                    "circlemarker": _("Place a circle"),
                },
            },
            "handlers": {
                "circle": {
                    "tooltip": {"start": _("Press and drag to draw a circle.")},
                    "radius": _("Radius"),
                },
                "circlemarker": {"tooltip": {"start": _("Touch the map to place the circle.")}},
                "marker": {"tooltip": {"start": _("Touch the map to place the point.")}},
                "polygon": {
                    "tooltip": {
                        "start": _("Touch the map to start the area."),
                        "cont": _("Touch the map to add a point."),
                        "end": _("Touch the first point, or Finish, to close the area."),
                    }
                },
                "polyline": {
                    "error": _("The edges of a shape cannot cross."),
                    "tooltip": {
                        "start": _("Touch the map to start the line."),
                        "cont": _("Touch the map to add a point."),
                        "end": _("Touch the last point, or Finish, to end the line."),
                    },
                },
                "rectangle": {"tooltip": {"start": _("Press and drag to draw a rectangle.")}},
                "simpleshape": {"tooltip": {"end": _("Release to finish the drawing.")}},
            },
        },
        "edit": {
            "toolbar": {
                "actions": {
                    "save": {"title": _("Save the changes"), "text": _("Save")},
                    "cancel": {
                        "title": _("Cancel the changes, keeping the drawing as it was"),
                        "text": _("Cancel"),
                    },
                    "clearAll": {"title": _("Delete every drawing"), "text": _("Delete all")},
                },
                "buttons": {
                    "edit": _("Edit the drawing"),
                    "editDisabled": _("Nothing drawn to edit yet"),
                    "remove": _("Delete the drawing"),
                    "removeDisabled": _("Nothing drawn to delete yet"),
                },
            },
            "handlers": {
                "edit": {
                    "tooltip": {
                        "text": _("Drag the handles to reshape the drawing."),
                        "subtext": _("Cancel undoes the changes."),
                    }
                },
                "remove": {"tooltip": {"text": _("Touch a drawing to delete it.")}},
            },
        },
    }


def leaflet_words() -> dict:
    """Every string Leaflet's controls show, and how numbers are written, in the active language."""
    return {
        "zoom_in": _("Zoom in"),
        "zoom_out": _("Zoom out"),
        "layers": _("Layers shown on the map"),
        "close_popup": _("Close this window"),
        "decimal": get_format("DECIMAL_SEPARATOR"),
        # A narrow no-break space in French, as the page's own numbers are written.
        "thousands": get_format("THOUSAND_SEPARATOR"),
        "draw": _draw_words(),
    }


def locate_words() -> dict:
    """The strings of the "show where I am" control (Leaflet.Locate)."""
    return {
        "title": _("Show where I am"),
        "metersUnit": _("metres"),
        "feetUnit": _("feet"),
        "popup": _("You are within {distance} {unit} of this point"),
        "outsideMapBoundsMsg": _("You seem to be outside the map's area"),
    }
