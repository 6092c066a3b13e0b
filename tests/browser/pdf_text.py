"""The text of a PDF printed by Chromium (Skia), page by page, for tests to read.

No PDF library or poppler is installed here, so this reads just what Skia writes: plain
`N 0 obj` objects, Flate content streams, Type0 fonts with a ToUnicode CMap, and text drawn by
`Tj`/`TJ` with hexadecimal glyph strings. It is a test helper, not a PDF reader.
"""

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(data)}


def _stream(body: bytes) -> bytes:
    raw = _STREAM.search(body).group(1)
    return zlib.decompress(raw) if b"/FlateDecode" in body.split(b"stream", 1)[0] else raw


def _cmap(text: bytes) -> dict[int, str]:
    """Glyph code → characters, from a ToUnicode CMap's bfchar and bfrange sections."""
    mapping: dict[int, str] = {}

    def chars(hex_digits: bytes) -> str:
        return bytes.fromhex(hex_digits.decode()).decode("utf-16-be")

    for section in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for code, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
            mapping[int(code, 16)] = chars(target)
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for start, end, target in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section
        ):
            first = ord(chars(target)) if len(target) <= 4 else None
            for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                if first is not None:
                    mapping[code] = chr(first + offset)
    return mapping


def _fonts(objects: dict[int, bytes], page: bytes) -> dict[bytes, dict[int, str]]:
    fonts = {}
    resources = re.search(rb"/Font\s*<<(.*?)>>", page, re.S)
    for name, number in re.findall(rb"/(\w+) (\d+) 0 R", resources.group(1) if resources else b""):
        font = objects.get(int(number), b"")
        unicode = re.search(rb"/ToUnicode (\d+) 0 R", font)
        fonts[name] = _cmap(_stream(objects[int(unicode.group(1))])) if unicode else {}
    return fonts


def _decode(hex_string: bytes, cmap: dict[int, str]) -> str:
    digits = re.sub(rb"\s", b"", hex_string).decode()
    codes = [int(digits[i : i + 4], 16) for i in range(0, len(digits), 4)]
    return "".join(cmap.get(code, "") for code in codes)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, in drawing order, one line per text block."""
    objects = _objects(data)
    pages = []
    for body in objects.values():
        if not re.match(rb"<<\s*/Type /Page\b(?!s)", body):
            continue
        fonts = _fonts(objects, body)
        contents = re.search(rb"/Contents (\d+) 0 R", body)
        content = _stream(objects[int(contents.group(1))]) if contents else b""
        lines = []
        for block in re.findall(rb"BT(.*?)ET", content, re.S):
            font = re.search(rb"/(\w+) [\d.]+ Tf", block)
            cmap = fonts.get(font.group(1), {}) if font else {}
            lines.append("".join(_decode(h, cmap) for h in _HEX.findall(block)))
        pages.append("\n".join(lines))
    return pages
