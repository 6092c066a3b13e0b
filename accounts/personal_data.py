"""What the site holds on a person, gathered from every app, and its erasure (GDPR, art. 15 and 17).

accounts sits at the bottom of the apps and imports none of them: each app above registers the
part of a person's data it keeps (proposals, parcels, a farmer's application…) in its
AppConfig.ready(), with the way to export it and the way to erase it. "My data", its download and
the deletion of an account read this registry, so a new kind of personal data is one `register`
call in the app that stores it, and cannot be forgotten by the erasure.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class PersonalDataPart:
    """One kind of personal data an app keeps.

    `export(user)` returns JSON-ready rows; `erase(user)` deletes or anonymises them, inside the
    erasure's transaction. What must outlive the person (a proposal as the town's record, a
    report so that its victim is still protected) is anonymised rather than deleted.
    """

    key: str
    label: Promise
    export: Callable[[object], list[dict]]
    erase: Callable[[object], None]


_PARTS: dict[str, PersonalDataPart] = {}


def register(part: PersonalDataPart) -> PersonalDataPart:
    """Add an app's part; registering the same key again replaces it (reloads, tests)."""
    _PARTS[part.key] = part
    return part


def parts() -> list[PersonalDataPart]:
    return list(_PARTS.values())
