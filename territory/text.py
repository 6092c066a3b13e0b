"""The one cleaning every piece of free text passes before a service stores it.

A `TextField`'s `max_length` is not checked by `full_clean`, PostgreSQL refuses a NUL character
with an error rather than a sentence, and a title made of zero-width spaces looks empty on the
page while passing `strip()`. `clean_text` refuses all three, with a sentence keyed by field.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Characters that show nothing and that `str.strip()` keeps: zero-width spaces and joiners,
# the word joiner, the byte-order mark, the soft hyphen and friends (Unicode category Cf, plus
# the few "space" characters Python does not count as whitespace).
_INVISIBLE = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}
# Line breaks and tabs are what a person types in a description; every other control character
# (C0, DEL, C1) comes from a program, never from a keyboard.
_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def _is_invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf" or char in _INVISIBLE


def _is_forbidden_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS


def clean_text(
    value,
    *,
    field: str,
    max_length: int,
    required: str | None = None,
    too_long: str | None = None,
    multiline: bool = True,
) -> str:
    """`value` trimmed of surrounding blanks (invisible characters included), or a refusal.

    Refuses what is not a string, control characters (and line breaks when not `multiline`),
    text longer than `max_length` characters and, when `required` (the sentence to say) is
    given, text that is empty or shows nothing; `too_long` may word the length refusal, with
    `%(length)d` and `%(limit)d`. Raises `ValidationError({field: sentence})`.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: _("This must be text.")})
    if any(_is_forbidden_control(c) for c in value) or (
        not multiline and any(c in "\n\r\t" for c in value)
    ):
        raise ValidationError(
            {field: _("The text holds invisible control characters: type it again by hand.")}
        )
    start, end = 0, len(value)
    while start < end and _is_invisible(value[start]):
        start += 1
    while end > start and _is_invisible(value[end - 1]):
        end -= 1
    text = value[start:end]
    if required is not None and not text:
        raise ValidationError({field: required})
    if len(text) > max_length:
        sentence = too_long or _(
            "The text has %(length)d characters; the limit is %(limit)d. Shorten it."
        )
        raise ValidationError({field: sentence % {"length": len(text), "limit": max_length}})
    return text
