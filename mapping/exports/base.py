"""The exporter interface and its registry (pygeoapi's provider/plugin pattern).

An exporter turns a catalogue layer of a commune into bytes, with no Django request inside: the
caller decides whether personal columns are included (views: planners only; management
commands: an explicit option). Views stream `export(...)`; commands write it to a file.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from territory.catalogue import Layer
from territory.models import Commune


@dataclass(frozen=True)
class ExportRequest:
    """What to export: a layer (None for whole-atlas formats) of a commune."""

    commune: Commune
    collection: Layer | None = None
    personal: bool = False
    user: object = None


class Exporter(Protocol):
    key: str
    extension: str
    media_type: str
    per_collection: bool

    def filename(self, request: ExportRequest) -> str: ...

    def export(self, request: ExportRequest) -> Iterator[bytes]: ...


EXPORTERS: dict[str, Exporter] = {}


def register(exporter_class):
    """Class decorator: one instance of the exporter in the registry, under its key."""
    exporter = exporter_class()
    EXPORTERS[exporter.key] = exporter
    return exporter_class


def get_exporter(key: str) -> Exporter:
    """The exporter for `key` (geojson, csv, gpkg, cnig); KeyError when there is none."""
    # Importing the formats registers them.
    from mapping.exports import formats  # noqa: F401

    return EXPORTERS[key]
