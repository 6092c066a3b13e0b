"""Onboarding a commune from the standard open-data files, by one command (`onboard_commune`).

- the boundary from an IGN/INSEE-style file of communes (GeoJSON FeatureCollection with the
  INSEE code in `code`, `insee`, `INSEE_COM` or `codgeo`, the name in `nom`/`NOM`/`name`);
- its land-use plan from a CNIG ZONE_URBA file (zipped shapefile or GeoPackage, with DOC_URBA),
  checked against the CNIG standard by `land_use.cnig`;
- its organic parcels from an RPG file or a CartoBio export, each checked like a farmer's;
- its utilised agricultural area, with the source of the figure;
- a profile folder (a commune's own illustrative layers and wording, as data): Loos-en-Gohelle's
  is `fixtures/loos_en_gohelle/`.

Everything happens in one transaction: when a file is refused (the commune is unknown, the CNIG
file breaks the standard) nothing at all is stored, and the commune stays as it was. A parcel
that fails the checks is not a refusal of the file: it is skipped and reported with its reason,
like in a farmer's upload. Running the command twice with the same files changes nothing.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from land_use import uploads
from land_use.cnig import CnigFileRefused, zones_import_cnig
from land_use.services import parcel_import_open_data
from land_use.services.parcels import IMPORT_CREATED, IMPORT_UPDATED
from onboarding.reference_data import load_commune, read_profile, repaired_area
from territory.models import Commune

DEFAULT_COMMUNES_FILE = (
    Path(settings.BASE_DIR).parent / "shared" / "data" / ("communes-62-pas-de-calais.geojson")
)
INSEE_KEYS = ("code", "insee", "INSEE_COM", "insee_com", "codgeo", "CODGEO")
NAME_KEYS = ("nom", "NOM", "NOM_COM", "name", "libgeo", "LIBGEO")
# What the parcels of an open-data file are, unless the file says otherwise.
PARCEL_DEFAULTS = {"stage": "AB", "certification_state": "certified"}


class OnboardingRefused(ValidationError):
    """A file that cannot be loaded; nothing was stored. `faults` lists every reason."""

    def __init__(self, faults: list[str]):
        self.faults = faults
        super().__init__(faults)


@dataclass
class OnboardingReport:
    commune: Commune
    created: bool
    loaded: dict[str, int] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        done = _("created") if self.created else _("updated")
        out = [f"{self.commune.name} ({self.commune.insee}): {done}"]
        out += [f"  {what}: {count}" for what, count in self.loaded.items()]
        if self.skipped:
            out.append(_("  skipped: %(count)d") % {"count": len(self.skipped)})
            out += [f"    {what}: {why}" for what, why in self.skipped]
        return out


def _first(properties: dict, keys: tuple[str, ...]) -> str:
    return next((str(properties[key]) for key in keys if properties.get(key)), "")


def boundary_from_communes_file(insee: str, path: Path) -> tuple[str, MultiPolygon]:
    """The name and the boundary (WGS84) of the commune `insee` in a file of communes."""
    try:
        with Path(path).open(encoding="utf-8") as handle:
            collection = json.load(handle)
    except FileNotFoundError as error:
        raise OnboardingRefused(
            [_("The file of communes %(path)s does not exist.") % {"path": path}]
        ) from error
    except ValueError as error:
        raise OnboardingRefused(
            [_("The file of communes %(path)s is not GeoJSON.") % {"path": path}]
        ) from error
    for feature in collection.get("features", []):
        properties = feature.get("properties") or {}
        if _first(properties, INSEE_KEYS) != insee:
            continue
        geometry = repaired_area(GEOSGeometry(json.dumps(feature["geometry"]), srid=4326))
        if geometry.empty or not geometry.valid:
            raise OnboardingRefused(
                [_("The boundary of %(insee)s in the file is not a valid area.") % {"insee": insee}]
            )
        return _first(properties, NAME_KEYS) or insee, geometry
    raise OnboardingRefused(
        [
            _("No commune with the INSEE code %(insee)s in %(path)s.")
            % {"insee": insee, "path": path}
        ]
    )


@transaction.atomic
def commune_onboard(
    *,
    insee: str,
    communes_file: Path = DEFAULT_COMMUNES_FILE,
    zone_urba: Path | None = None,
    parcels: Path | None = None,
    parcels_source: str = "",
    uaa_ha: Decimal | None = None,
    uaa_source: str = "",
    profile: Path | None = None,
) -> OnboardingReport:
    """Create or update the commune `insee` from the files given; all or nothing."""
    if uaa_ha is not None and not uaa_source.strip():
        raise OnboardingRefused(
            [_("Say where the utilised agricultural area comes from (its source).")]
        )
    profile_values = read_profile(profile) if profile is not None else None
    if profile_values is not None and profile_values.insee != insee:
        raise OnboardingRefused(
            [
                _("The profile %(path)s is that of %(other)s, not of %(insee)s.")
                % {"path": profile, "other": profile_values.insee, "insee": insee}
            ]
        )
    existing = Commune.objects.filter(insee=insee).first()
    report = OnboardingReport(commune=existing, created=existing is None)
    if profile is not None and (Path(profile) / "boundary.geojson").exists():
        # The profile brings its own boundary (Loos-en-Gohelle's is drawn more finely).
        commune = None
    else:
        commune = _commune_from_file(insee, communes_file, existing)
    if profile_values is not None:
        # The profile's own layers (illustrative zones, heritage, demo proposals...).
        report.loaded.update(load_commune(Path(profile), profile_values).counts)
        commune = Commune.objects.get(insee=insee)
    report.commune = commune
    report.loaded.setdefault("communes", 1)
    if uaa_ha is not None:
        commune.utilised_agricultural_area_ha = uaa_ha
        commune.utilised_agricultural_area_source = uaa_source.strip()
        commune.save(
            update_fields=["utilised_agricultural_area_ha", "utilised_agricultural_area_source"]
        )
    if zone_urba is not None:
        try:
            zones = zones_import_cnig(commune=commune, source=zone_urba)
        except CnigFileRefused as refused:
            raise OnboardingRefused(refused.faults) from refused
        report.loaded["zones"] = zones.zones
    if parcels is not None:
        _load_parcels(commune, parcels, parcels_source or Path(parcels).name, report)
    return report


def _commune_from_file(insee: str, communes_file: Path, existing: Commune | None) -> Commune:
    """The commune created, or updated only where the file differs (so a second run is a no-op)."""
    name, boundary = boundary_from_communes_file(insee, communes_file)
    values = {"name": name, "boundary_source": Path(communes_file).name}
    if existing is None:
        return Commune.objects.create(insee=insee, boundary=boundary, **values)
    if not existing.boundary.equals_exact(boundary, 1e-9):
        values["boundary"] = boundary
    changed = [key for key, value in values.items() if getattr(existing, key) != value]
    for key in changed:
        setattr(existing, key, values[key])
    if changed:
        existing.save(update_fields=changed)
    return existing


def _load_parcels(commune: Commune, path: Path, source: str, report: OnboardingReport) -> None:
    created = updated = unchanged = 0
    try:
        with uploads.opened_path(Path(path)) as opened:
            layers = uploads.polygon_layers(opened)
            for candidate in uploads.read_candidates(
                opened,
                layers[0],
                defaults=PARCEL_DEFAULTS,
                max_features=None,
                mask=commune.boundary,
            ):
                label = candidate.attributes.get("name") or f"#{candidate.index}"
                if candidate.refusal:
                    report.skipped.append((label, candidate.refusal))
                    continue
                try:
                    _parcel, outcome = parcel_import_open_data(
                        commune=commune,
                        geometry=candidate.geometry,
                        attributes={"code_cultu": "", **candidate.attributes},
                        source=source,
                    )
                except ValidationError as error:
                    report.skipped.append((label, " ".join(error.messages)))
                    continue
                if outcome == IMPORT_CREATED:
                    created += 1
                elif outcome == IMPORT_UPDATED:
                    updated += 1
                else:
                    unchanged += 1
    except ValidationError as error:
        raise OnboardingRefused(error.messages) from error
    report.loaded["parcels created"] = created
    report.loaded["parcels updated"] = updated
    report.loaded["parcels unchanged"] = unchanged
