"""Fill a .po file's empty translations from a Python dict file, and list what is still missing.

    .venv/bin/python scripts/translate_po.py TRANSLATIONS.py path/to/django.po [...]

TRANSLATIONS.py defines a dict `FR = {msgid: msgstr}`. A developer's aid for keeping the French
translation complete; tests/test_translations.py is what enforces it.
"""

import runpy
import sys

import polib


def fill(po_path: str, translations: dict[str, str]) -> list[str]:
    catalogue = polib.pofile(po_path)
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid in translations and (not entry.msgstr or "fuzzy" in entry.flags):
            entry.msgstr = translations[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    catalogue.save(po_path)
    return [
        e.msgid for e in catalogue if not e.obsolete and (_untranslated(e) or "fuzzy" in e.flags)
    ]


def _untranslated(entry) -> bool:
    if entry.msgid_plural:
        return not all(entry.msgstr_plural.values())
    return not entry.msgstr


def main() -> int:
    translations = runpy.run_path(sys.argv[1])["FR"]
    missing = []
    for po_path in sys.argv[2:]:
        missing += [f"{po_path}: {msgid}" for msgid in fill(po_path, translations)]
    print("\n".join(missing) or "complete")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
