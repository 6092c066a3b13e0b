"""The site's menu: every page a person may open, by role, described once.

`MENU` is the one list; a new page is one `Entry`, naming its page by URL name. The menu only
shows links; each view checks the permission itself.

`menu(request)` is a context processor (TEMPLATES in settings): `menu_entries` in every page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import roles


def everyone(user) -> bool:
    return True


def signed_in(user) -> bool:
    return user.is_authenticated


def farmer_or_planner(user) -> bool:
    return roles.is_farmer(user) or roles.is_planner(user)


def not_yet_farmer(user) -> bool:
    """Residents may ask for the farmer role; planners already reach the farmers' pages."""
    return user.is_authenticated and not farmer_or_planner(user)


@dataclass(frozen=True)
class Entry:
    """A link of the menu: its label, its page (URL name) and who sees it."""

    label: str | Promise
    url_name: str
    shown_to: Callable[[object], bool] = everyone

    def url(self) -> str:
        return reverse(self.url_name)


MENU: tuple[Entry, ...] = (
    Entry(_("Map"), url_name="mapping:map"),
    Entry(_("Consultations"), url_name="mapping:consultation-list"),
    Entry(_("Public meetings"), url_name="mapping:meeting-list"),
    Entry(_("Fifty-fifty projects"), url_name="mapping:fifty-fifty-list"),
    Entry(_("Key figures"), url_name="mapping:key-figures"),
    Entry(_("Open data"), url_name="mapping:open-data"),
    Entry(_("My proposals"), url_name="mapping:my-proposals", shown_to=signed_in),
    Entry(_("My parcels"), url_name="land_use:my-parcels", shown_to=farmer_or_planner),
    Entry(_("Become a farmer"), url_name="land_use:become-farmer", shown_to=not_yet_farmer),
    Entry(_("Review queue"), url_name="mapping:review", shown_to=roles.is_planner),
    Entry(_("Farmer requests"), url_name="land_use:applications", shown_to=roles.is_planner),
    # Moderators act on the queue; planners see hidden content elsewhere but do not moderate.
    Entry(_("Moderation"), url_name="mapping:moderation", shown_to=roles.is_moderator),
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool


def menu_links(user, current_path: str = "") -> list[Link]:
    """The menu's links for `user`, the page at `current_path` marked as current."""
    links = []
    for entry in MENU:
        if not entry.shown_to(user):
            continue
        url = entry.url()
        links.append(Link(label=str(entry.label), url=url, current=url == current_path))
    return links


def menu(request) -> dict:
    """Context processor: `menu_entries`, the links of the menu for the person asking."""
    user = getattr(request, "user", None)
    if user is None:
        return {"menu_entries": []}
    return {"menu_entries": lambda: menu_links(user, request.path)}
