# SQL below is built from this module's own constants; every value is a query parameter.
# ruff: noqa: S608
"""Generated data at the scale of a département: communes of the Pas-de-Calais filled with zones,
organic parcels, proposals (with comments and supports), eco-housing and meetings.

Everything is written set-based, one `INSERT ... SELECT` per table and commune, so 500,000
parcels or 200,000 proposals take minutes, not hours. Randomness never comes from `random()`:
each value is drawn from the md5 of (seed, commune, row number, purpose), and PostGIS's
`ST_GeneratePoints` takes a seed too, so the same `--seed` gives the same data whatever order
PostgreSQL evaluates the rows in (`setseed()` + `random()` would depend on the plan).

What is generated is labelled so (`illustrative`, the `GENERATED_SOURCE` marker, the generated
consultation, users named `gen-<insee>-<n>`), and `generated_data_delete` removes exactly that:
a commune's real data is never touched. Generated users have unusable passwords: nobody logs in
as them.
"""

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from land_use.crops import crops
from mapping.models import Proposal
from mapping.services.zone_shares import proposal_zone_shares_recompute
from onboarding.reference_data import commune_upsert
from territory.models import Commune

COMMUNES_FILE = (
    Path(settings.BASE_DIR).parent / "shared" / "data" / "communes-62-pas-de-calais.geojson"
)
GENERATED_SOURCE = "Données générées (manage.py generate_data) : fictives"
CONSULTATION_TITLE = "Concertation de démonstration (données générées)"
ZONES_PER_KM2 = 2
# Shares of the commune's cells given to each TYPEZONE (CNIG), in the order of the cumulated draw.
ZONE_TYPES = (("U", 0.22), ("AUc", 0.05), ("AUs", 0.05), ("A", 0.48), ("N", 0.20))
ZONE_LABELS = {"U": "U", "AUc": "1AU", "AUs": "2AU", "A": "A", "N": "N"}
ZONE_NAMES = {
    "U": "Zone urbaine",
    "AUc": "Zone à urbaniser ouverte",
    "AUs": "Zone à urbaniser fermée",
    "A": "Zone agricole",
    "N": "Zone naturelle et forestière",
}
STAGES = ("AB", "AB", "AB", "C3", "C2", "C1", "CONV")
STATES = ("certified", "certified", "pending", "audited", "draft")
BODIES = ("ecocert", "certipaq", "bureau_veritas", "certisud", "certis", "qualisud", "ocacia")
CATEGORIES = tuple(value for value, _label in Proposal.Category.choices)
STATUSES = (
    ("submitted", 0.40),
    ("under_review", 0.20),
    ("accepted", 0.15),
    ("partially_accepted", 0.08),
    ("rejected", 0.12),
    ("implemented", 0.05),
)
HIDDEN_SHARE = 0.02
ECO_HOUSING_PER_COMMUNE = 6
MEETINGS_PER_COMMUNE = 12
PROPOSALS_PER_RESIDENT = 20


def _draw(key_sql: str) -> str:
    """SQL for a number in [0, 1) drawn from the md5 of `key_sql` (an SQL text expression)."""
    return f"(('x' || substr(md5({key_sql}), 1, 8))::bit(32)::bigint / 4294967296.0)"


@dataclass
class GenerationReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + count


def commune_features(path: Path | str = COMMUNES_FILE) -> list[dict]:
    with Path(path).open(encoding="utf-8") as handle:
        return json.load(handle)["features"]


def choose_communes(features: list[dict], spec: str) -> list[dict]:
    """`spec` is INSEE codes separated by commas, or a number N: the N largest communes
    (by their outline's area, ties by INSEE code), in INSEE order."""
    from shapely.geometry import shape

    if spec.strip().isdigit() and len(spec.strip()) < 5:
        count = int(spec)
        ranked = sorted(
            features, key=lambda f: (-shape(f["geometry"]).area, f["properties"]["code"])
        )
        return sorted(ranked[:count], key=lambda f: f["properties"]["code"])
    wanted = [code.strip().upper() for code in spec.split(",") if code.strip()]
    by_code = {f["properties"]["code"]: f for f in features}
    missing = [code for code in wanted if code not in by_code]
    if missing:
        raise KeyError(", ".join(missing))
    return [by_code[code] for code in wanted]


def _execute(sql: str, params: dict) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def has_real_data(commune: Commune) -> bool:
    """Whether the commune holds zones, parcels or proposals that the generator did not make."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT EXISTS (SELECT 1 FROM land_use_zone z LEFT JOIN land_use_plandocument d
                                ON d.id = z.plan_id
                              WHERE z.commune_id = %(c)s AND d.source IS DISTINCT FROM %(s)s)
                   OR EXISTS (SELECT 1 FROM land_use_organicparcel
                              WHERE commune_id = %(c)s AND source <> %(s)s)
                   OR EXISTS (SELECT 1 FROM mapping_proposal p
                              LEFT JOIN mapping_consultation k ON k.id = p.consultation_id
                              WHERE p.commune_id = %(c)s
                                AND k.title IS DISTINCT FROM %(t)s)""",
            {"c": commune.pk, "s": GENERATED_SOURCE, "t": CONSULTATION_TITLE},
        )
        return cursor.fetchone()[0]


def generated_data_delete(commune: Commune) -> None:
    """Remove what the generator made in the commune, and nothing else."""
    params = {"c": commune.pk, "s": GENERATED_SOURCE, "t": CONSULTATION_TITLE}
    proposals = (
        "SELECT p.id FROM mapping_proposal p"
        " JOIN mapping_consultation k ON k.id = p.consultation_id"
        " WHERE k.commune_id = %(c)s"
        " AND k.title = %(t)s"
    )
    consultations = "SELECT id FROM mapping_consultation WHERE commune_id = %(c)s AND title = %(t)s"
    statements = [
        f"DELETE FROM mapping_meeting_proposals WHERE proposal_id IN ({proposals})",
        f"DELETE FROM mapping_meeting WHERE consultation_id IN ({consultations})",
        f"DELETE FROM mapping_support WHERE proposal_id IN ({proposals})",
        f"DELETE FROM mapping_comment WHERE proposal_id IN ({proposals})",
        f"DELETE FROM mapping_proposalstatuschange WHERE proposal_id IN ({proposals})",
        f"DELETE FROM mapping_proposalzone WHERE proposal_id IN ({proposals})",
        f"DELETE FROM mapping_proposal WHERE id IN ({proposals})",
        f"DELETE FROM mapping_consultation WHERE id IN ({consultations})",
        "DELETE FROM land_use_organicparcel WHERE commune_id = %(c)s AND source = %(s)s",
        "DELETE FROM land_use_ecohousingsite WHERE commune_id = %(c)s AND source = %(s)s",
        "DELETE FROM land_use_zone WHERE plan_id IN (SELECT id FROM land_use_plandocument"
        " WHERE commune_id = %(c)s AND source = %(s)s)",
        "DELETE FROM land_use_plandocument WHERE commune_id = %(c)s AND source = %(s)s",
    ]
    for sql in statements:
        _execute(sql, params)
    users = "SELECT id FROM accounts_user WHERE username LIKE %(prefix)s"
    prefix = {"prefix": f"gen-{commune.insee}-%"}
    _execute(f"DELETE FROM accounts_user_groups WHERE user_id IN ({users})", prefix)
    _execute(f"DELETE FROM accounts_user WHERE id IN ({users})", prefix)


def _shares(counts: list[int], total: int) -> list[int]:
    """`total` split in proportion to `counts`, exactly (largest remainders)."""
    whole = sum(counts) or 1
    raw = [total * c / whole for c in counts]
    parts = [int(r) for r in raw]
    for index in sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])[: total - sum(parts)]:
        parts[index] += 1
    return parts


@transaction.atomic
def generate(
    features: list[dict], *, parcels: int, proposals: int, seed: int, replace: bool, log=print
) -> GenerationReport:
    """Onboard the communes of `features` (from the shared file) and fill them with generated
    data: `parcels` and `proposals` in all, shared in proportion to the communes' areas."""
    report = GenerationReport()
    _history_context_set()
    communes = []
    for feature in features:
        commune = Commune.objects.filter(insee=feature["properties"]["code"]).first()
        if commune is not None and has_real_data(commune):
            raise ValueError(
                _("%(commune)s holds data the generator did not make: it is left alone.")
                % {"commune": commune}
            )
        if commune is not None and replace:
            generated_data_delete(commune)
        communes.append(commune_upsert(feature, source="IGN – GEOFLA 2016 (france-geojson)"))
    report.add("communes", len(communes))
    areas = [_area_m2(commune) for commune in communes]
    parcel_shares = _shares([round(a) for a in areas], parcels)
    proposal_shares = _shares([round(a) for a in areas], proposals)
    for index, commune in enumerate(communes):
        already = _execute(
            "SELECT 1 FROM land_use_plandocument WHERE commune_id = %(c)s AND source = %(s)s",
            {"c": commune.pk, "s": GENERATED_SOURCE},
        )
        if already:
            raise ValueError(
                _("%(commune)s already holds generated data: use --replace.") % {"commune": commune}
            )
        key = {"c": commune.pk, "insee": commune.insee, "seed": seed, "s": GENERATED_SOURCE}
        zones = max(8, round(areas[index] / 1e6 * ZONES_PER_KM2))
        report.add("zones", _zones(key, zones, seed * 1000 + index + 1))
        report.add("parcels", _parcels(key, parcel_shares[index]))
        residents = max(20, proposal_shares[index] // PROPOSALS_PER_RESIDENT)
        report.add("residents", _residents(key, residents))
        report.add("eco-housing", _eco_housing(key, seed * 1000 + index + 1))
        consultation = _consultation(key)
        made = _proposals(
            key, consultation, proposal_shares[index], residents, seed * 1000 + index + 1
        )
        report.add("proposals", made)
        report.add("comments", _comments(key, consultation, residents))
        report.add("supports", _supports(key, consultation, residents))
        report.add("meetings", _meetings(key, consultation, seed * 1000 + index + 1))
        # The planner needs the new rows' statistics first: without them it walks every zone
        # against the proposals' index with no idea of the counts (85 s for 50,000 proposals
        # instead of 1 s).
        _analyze("land_use_zone", "mapping_proposal")
        proposal_zone_shares_recompute(commune_id=commune.pk)
        log(f"{commune}: {parcel_shares[index]} parcels asked, {made} proposals")
    # Every other table filled (zones and proposals were analysed after their last rows), so
    # that the first queries after a generation are planned on the real counts rather than
    # waiting for autovacuum (a page of proposals read their zone shares through every zone
    # while mapping_proposalzone had no statistics).
    _analyze(
        "accounts_user",
        "land_use_organicparcel",
        "land_use_ecohousingsite",
        "mapping_proposalstatuschange",
        "mapping_proposalzone",
        "mapping_comment",
        "mapping_support",
        "mapping_meeting_proposals",
    )
    return report


def _history_context_set() -> None:
    """Name this transaction's changes in the history (django-pghistory's context) and tell
    pgtrigger that no trigger is skipped.

    Each history trigger reads both settings for every row, and reading one never set raises an
    error it catches: a subtransaction per row, whose cost grows faster than the rows (measured
    here: 30,000 parcels and 20,000 proposals in 118 s instead of 19 s). Set for the
    transaction, they are read without error, and the history says who made these rows.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pghistory.context_id', %s, true), "
            "set_config('pghistory.context_metadata', %s, true), "
            "set_config('pgtrigger.ignore', '{}', true)",
            [str(uuid.uuid4()), json.dumps({"command": "generate_data"})],
        )


def _analyze(*tables: str) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def _area_m2(commune: Commune) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Area(ST_Transform(boundary, projected_srid)) FROM territory_commune"
            " WHERE id = %s",
            [commune.pk],
        )
        return cursor.fetchone()[0]


def _zones(key: dict, count: int, point_seed: int) -> int:
    """A plan document and a partition of the commune: the Voronoi cells of `count` seeded
    points, clipped by the boundary; each cell a zone of a TYPEZONE drawn by its weight."""
    _execute(
        """INSERT INTO land_use_plandocument (commune_id, idurba, typedoc, etat, nomproc, datappro,
               nomreg, urlreg, nomplan, urlplan, siteweb, illustrative, source)
           VALUES (%(c)s, %(insee)s || '_PLU_20250101', 'PLU', '06', '', DATE '2025-01-01',
                   '', '', '', '', '', true, %(s)s)""",
        key,
    )
    cumulated, bounds = 0.0, []
    for typezone, weight in ZONE_TYPES:
        cumulated += weight
        bounds.append(f"WHEN r < {cumulated:.4f} THEN '{typezone}'")
    kind = "CASE " + " ".join(bounds[:-1]) + f" ELSE '{ZONE_TYPES[-1][0]}' END"
    labels = " ".join(f"WHEN '{t}' THEN '{label}'" for t, label in ZONE_LABELS.items())
    names = " ".join(f"WHEN '{t}' THEN '{name}'" for t, name in ZONE_NAMES.items())
    draw = _draw("%(seed)s || ':' || %(insee)s || ':zone:' || cell.path")
    return _execute(
        f"""WITH commune AS (SELECT boundary FROM territory_commune WHERE id = %(c)s),
            cells AS (
                SELECT (d.path)[1] AS path, d.geom
                FROM commune,
                     ST_Dump(ST_VoronoiPolygons(ST_GeneratePoints(boundary, %(n)s, %(ps)s), 0,
                                                ST_Expand(boundary, 0.01))) AS d
            ),
            clipped AS (
                SELECT cell.path, {draw} AS r,
                       ST_Multi(ST_CollectionExtract(ST_MakeValid(
                           ST_Intersection(cell.geom, commune.boundary)), 3)) AS geom
                FROM cells AS cell, commune
            ),
            typed AS (
                SELECT path, {kind} AS typezone, geom FROM clipped WHERE NOT ST_IsEmpty(geom)
            )
            INSERT INTO land_use_zone (commune_id, plan_id, libelle, libelong, typezone, formdomi,
                destoui, destcdt, destnon, nomfic, urlfic, idurba, datvalid, geometry, illustrative)
            SELECT %(c)s, d.id,
                   CASE typezone {labels} END
                       || row_number() OVER (PARTITION BY typezone ORDER BY path),
                   CASE typezone {names} END || ' (générée)', typezone, '', '', '', '', '', '',
                   d.idurba, DATE '2025-01-01', geom, true
            FROM typed, land_use_plandocument d
            WHERE d.commune_id = %(c)s AND d.source = %(s)s""",
        {**key, "n": count, "ps": point_seed},
    )


def _parcels(key: dict, count: int) -> int:
    """`count` parcels at most: a square grid over the commune's A zones in its projected CRS,
    each cell clipped by its zone in WGS84 (so a parcel's edge along the zone's is the zone's
    own; cells mostly outside are left out), so no two overlap and none leaves its zone."""
    if count <= 0:
        return 0
    crop_list = sorted(crops().values(), key=lambda crop: crop.code)[:40]
    codes = [crop.code for crop in crop_list]
    groups = [crop.group_label[:80] for crop in crop_list]
    draw = _draw("%(seed)s || ':' || %(insee)s || ':parcel:' || n || ':' || {}")
    return _execute(
        f"""WITH a_zones AS (
                SELECT z.id, ST_Transform(z.geometry, c.projected_srid) AS geom, c.projected_srid,
                       z.geometry AS wgs84
                FROM land_use_zone z JOIN territory_commune c ON c.id = z.commune_id
                JOIN land_use_plandocument d ON d.id = z.plan_id
                WHERE z.commune_id = %(c)s AND z.typezone = 'A' AND d.source = %(s)s
            ),
            side AS (
                SELECT sqrt(sum(ST_Area(geom)) / (%(n)s * 1.3)) AS metres FROM a_zones
            ),
            pieces AS (
                SELECT a.id AS zone_id, g.i, g.j, a.projected_srid,
                       ST_Intersection(ST_Transform(g.geom, 4326), a.wgs84) AS geom, side.metres
                FROM a_zones a, side, ST_SquareGrid(side.metres, a.geom) AS g
                WHERE ST_Intersects(g.geom, a.geom)
            ),
            kept AS (
                SELECT row_number() OVER (ORDER BY zone_id, i, j) AS n, *
                FROM pieces
                WHERE ST_Area(ST_Transform(geom, projected_srid)) >= 0.6 * metres * metres
                ORDER BY zone_id, i, j
                LIMIT %(n)s
            ),
            drawn AS (
                SELECT n, geom, projected_srid,
                       floor({draw.format("'crop'")} * %(ncodes)s)::int + 1 AS crop,
                       (%(stages)s::text[])[
                           floor({draw.format("'stage'")} * %(nstages)s)::int + 1] AS stage,
                       (%(states)s::text[])[
                           floor({draw.format("'state'")} * %(nstates)s)::int + 1] AS state,
                       (%(bodies)s::text[])[
                           floor({draw.format("'body'")} * %(nbodies)s)::int + 1] AS body
                FROM kept
            )
            INSERT INTO land_use_organicparcel (commune_id, farmer_id, name, code_cultu, crop_group,
                stage, engagement_date, certification_body, certification_state, campaign_year,
                geometry, archived_at, illustrative, source, created_at, updated_at)
            SELECT %(c)s, NULL, 'Parcelle ' || %(insee)s || '-' || n,
                   (%(codes)s::text[])[crop], (%(groups)s::text[])[crop],
                   stage,
                   CASE stage WHEN 'C1' THEN DATE '2024-05-15' WHEN 'C2' THEN DATE '2023-05-15'
                              WHEN 'C3' THEN DATE '2022-05-15' ELSE NULL END,
                   CASE WHEN stage = 'CONV' THEN '' ELSE body END,
                   CASE WHEN stage = 'CONV' THEN 'draft' ELSE state END,
                   2025,
                   ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)),
                   NULL, true, %(s)s, now(), now()
            FROM drawn""",
        {
            **key,
            "n": count,
            "codes": codes,
            "groups": groups,
            "ncodes": len(codes),
            "stages": list(STAGES),
            "nstages": len(STAGES),
            "states": list(STATES),
            "nstates": len(STATES),
            "bodies": list(BODIES),
            "nbodies": len(BODIES),
        },
    )


def _residents(key: dict, count: int) -> int:
    """Fictitious residents `gen-<insee>-<n>`, in the resident group, who cannot log in
    (a password starting with "!" is Django's unusable password)."""
    made = _execute(
        """INSERT INTO accounts_user (password, last_login, is_superuser, username, first_name,
               last_name, email, is_staff, is_active, date_joined, display_name, blocked_at,
               blocked_by_id, blocked_reason, staff_communes)
           SELECT '!' || md5(%(seed)s || ':' || %(insee)s || ':user:' || n), NULL, false,
                  'gen-' || %(insee)s || '-' || n, '', '',
                  'gen-' || %(insee)s || '-' || n || '@example.invalid', false, true, now(),
                  'Habitant·e ' || %(insee)s || '-' || n, NULL, NULL, '', '{}'
           FROM generate_series(1, %(n)s) AS n""",
        {**key, "n": count},
    )
    _execute(
        """INSERT INTO accounts_user_groups (user_id, group_id)
           SELECT u.id, g.id FROM accounts_user u, auth_group g
           WHERE u.username LIKE 'gen-' || %(insee)s || '-%%' AND g.name = 'resident'""",
        key,
    )
    return made


def _eco_housing(key: dict, point_seed: int) -> int:
    draw = _draw("%(seed)s || ':' || %(insee)s || ':eco:' || (d.path)[1] || ':' || {}")
    return _execute(
        f"""WITH urban AS (
                SELECT ST_Union(z.geometry) AS geom FROM land_use_zone z
                JOIN land_use_plandocument p ON p.id = z.plan_id
                WHERE z.commune_id = %(c)s AND p.source = %(s)s AND z.typezone IN ('U', 'AUc')
            ),
            sites AS (
                SELECT (d.path)[1] AS n, d.geom,
                       10 + floor({draw.format("'dwellings'")} * 60)::int AS dwellings,
                       {draw.format("'social'")} AS social,
                       (ARRAY['bbc', 'passive', 'bepos', 're2020', 'hqe'])[
                           floor({draw.format("'label'")} * 5)::int + 1] AS label
                FROM urban, ST_Dump(ST_GeneratePoints(urban.geom, %(n)s, %(ps)s)) AS d
                WHERE urban.geom IS NOT NULL
            )
            INSERT INTO land_use_ecohousingsite (commune_id, name, address, dwellings,
                social_dwellings, year_delivered, energy_label, description, geometry,
                illustrative, source)
            SELECT %(c)s, 'Écoquartier ' || %(insee)s || '-' || n, '', dwellings,
                   floor(dwellings * social * 0.5)::int, 2000 + n, label,
                   'Opération fictive, générée pour la démonstration.', geom, true, %(s)s
            FROM sites""",
        {**key, "n": ECO_HOUSING_PER_COMMUNE, "ps": point_seed},
    )


def _consultation(key: dict) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO mapping_consultation (commune_id, title, description, opens_at,
                   closes_at, plan_id, kind, publication_delay_hours, report, report_uploaded_at)
               SELECT %(c)s, %(t)s, 'Concertation fictive : les propositions sont générées.',
                      now() - interval '60 days', now() + interval '300 days', d.id,
                      'concertation', 0, '', NULL
               FROM land_use_plandocument d WHERE d.commune_id = %(c)s AND d.source = %(s)s
               RETURNING id""",
            {**key, "t": CONSULTATION_TITLE},
        )
        return cursor.fetchone()[0]


def _proposals(key: dict, consultation: int, count: int, residents: int, point_seed: int) -> int:
    """Points (60 %), short lines (20 %) and small areas (20 %) inside the commune; a drawing
    that would leave the commune stays a point. Statuses by their weights, answered ones with
    an answer, some hidden by moderation."""
    if count <= 0:
        return 0
    cumulated, bounds = 0.0, []
    for status, weight in STATUSES:
        cumulated += weight
        bounds.append(f"WHEN r_status < {cumulated:.4f} THEN '{status}'")
    status_case = "CASE " + " ".join(bounds[:-1]) + f" ELSE '{STATUSES[-1][0]}' END"
    labels = dict(Proposal.Category.choices)
    category_names = [str(labels[c]) for c in CATEGORIES]
    draw = _draw("%(seed)s || ':' || %(insee)s || ':proposal:' || n || ':' || {}")
    made = _execute(
        f"""WITH commune AS (SELECT boundary FROM territory_commune WHERE id = %(c)s),
            points AS (
                SELECT (d.path)[1] AS n, d.geom FROM commune,
                       ST_Dump(ST_GeneratePoints(boundary, %(n)s, %(ps)s)) AS d
            ),
            drawn AS (
                SELECT n, geom AS point,
                       {draw.format("'shape'")} AS r_shape,
                       {draw.format("'status'")} AS r_status,
                       {draw.format("'hidden'")} AS r_hidden,
                       floor({draw.format("'category'")} * %(ncat)s)::int + 1 AS category,
                       floor({draw.format("'author'")} * %(residents)s)::int + 1 AS author,
                       ({draw.format("'dx'")} - 0.5) * 0.004 AS dx,
                       ({draw.format("'dy'")} - 0.5) * 0.003 AS dy,
                       floor({draw.format("'day'")} * 59)::int AS day
                FROM points
            ),
            shaped AS (
                SELECT drawn.*, {status_case} AS status,
                       CASE WHEN r_shape < 0.6 THEN point
                            WHEN r_shape < 0.8 THEN ST_MakeLine(point, ST_Translate(point, dx, dy))
                            ELSE ST_Buffer(point::geography, 20 + abs(dx) * 10000, 4)::geometry
                       END AS candidate
                FROM drawn
            )
            INSERT INTO mapping_proposal (commune_id, consultation_id, author_id, title,
                description, category, geometry, status, is_hidden, moderation_reason, answer,
                answered_by_id, answered_at, assignee_id, register_number, illustrative,
                created_at, updated_at)
            SELECT %(c)s, %(k)s, u.id,
                   'Idée ' || %(insee)s || '-' || n || ' : ' || (%(catnames)s::text[])[category],
                   'Proposition fictive, générée pour la démonstration et les mesures.',
                   (%(categories)s::text[])[category],
                   CASE WHEN ST_CoveredBy(candidate, commune.boundary) THEN candidate
                        ELSE point END,
                   status, r_hidden < %(hidden)s,
                   CASE WHEN r_hidden < %(hidden)s THEN 'Masquée (démonstration).' ELSE '' END,
                   CASE WHEN status IN ('accepted', 'partially_accepted', 'rejected', 'implemented')
                        THEN 'Réponse fictive de la commune.' ELSE '' END,
                   NULL,
                   CASE WHEN status IN ('accepted', 'partially_accepted', 'rejected', 'implemented')
                        THEN now() - interval '1 day' ELSE NULL END,
                   NULL, NULL, true,
                   now() - interval '60 days' + day * interval '1 day',
                   now() - interval '60 days' + day * interval '1 day'
            FROM shaped, commune, accounts_user u
            WHERE u.username = 'gen-' || %(insee)s || '-' || author""",
        {
            **key,
            "n": count,
            "ps": point_seed,
            "k": consultation,
            "residents": residents,
            "ncat": len(CATEGORIES),
            "categories": list(CATEGORIES),
            "catnames": category_names,
            "hidden": HIDDEN_SHARE,
        },
    )
    # Each proposal's history: sent, then (for the decided ones) the planners' step.
    _execute(
        """INSERT INTO mapping_proposalstatuschange (proposal_id, from_status, to_status,
               changed_by_id, changed_at, note)
           SELECT id, '', 'submitted', NULL::bigint, created_at, '' FROM mapping_proposal
           WHERE consultation_id = %(k)s
           UNION ALL
           SELECT id, 'submitted', status, NULL, COALESCE(answered_at, updated_at), answer
           FROM mapping_proposal WHERE consultation_id = %(k)s AND status <> 'submitted'""",
        {"k": consultation},
    )
    return made


def _comments(key: dict, consultation: int, residents: int) -> int:
    """0 to 3 comments per proposal, by other residents."""
    draw = _draw("%(seed)s || ':comment:' || p.title")
    return _execute(
        f"""INSERT INTO mapping_comment (proposal_id, author_id, body, is_hidden,
               moderation_reason, deleted_at, created_at, updated_at)
           SELECT p.id, u.id, 'Commentaire fictif n° ' || k || '.', false, '', NULL,
                  p.created_at + k * interval '1 hour', p.created_at + k * interval '1 hour'
           FROM mapping_proposal p
           CROSS JOIN LATERAL generate_series(1, floor({draw} * 4)::int) AS k
           JOIN accounts_user author ON author.id = p.author_id
           JOIN accounts_user u ON u.username = 'gen-' || %(insee)s || '-' ||
                ((split_part(author.username, '-', 3)::int + k - 1) %% %(residents)s + 1)
           WHERE p.consultation_id = %(k)s""",
        {**key, "k": consultation, "residents": residents},
    )


def _supports(key: dict, consultation: int, residents: int) -> int:
    """0 to 6 supports per proposal, never by its author and once per person (the residents
    following the author's number)."""
    draw = _draw("%(seed)s || ':support:' || p.title")
    return _execute(
        f"""INSERT INTO mapping_support (proposal_id, user_id, created_at)
           SELECT p.id, u.id, p.created_at + k * interval '1 day'
           FROM mapping_proposal p
           CROSS JOIN LATERAL generate_series(1, least(floor({draw} * 7)::int, %(residents)s - 1))
                AS k
           JOIN accounts_user author ON author.id = p.author_id
           JOIN accounts_user u ON u.username = 'gen-' || %(insee)s || '-' ||
                ((split_part(author.username, '-', 3)::int + k - 1) %% %(residents)s + 1)
           WHERE p.consultation_id = %(k)s""",
        {**key, "k": consultation, "residents": residents},
    )


def _meetings(key: dict, consultation: int, point_seed: int) -> int:
    """Public meetings over the last two years, each linked to a few of the proposals."""
    made = _execute(
        """INSERT INTO mapping_meeting (commune_id, consultation_id, topic, description, starts_at,
               ends_at, place_name, location, attendance, minutes, minutes_pdf, recorded_by_id,
               illustrative, created_at, updated_at)
           SELECT %(c)s, %(k)s, 'Réunion publique fictive n° ' || (d.path)[1], '',
                  date_trunc('day', now()) - (d.path)[1] * interval '45 days' + interval '18 hours',
                  date_trunc('day', now()) - (d.path)[1] * interval '45 days' + interval '20 hours',
                  'Salle des fêtes', d.geom, 20 + (d.path)[1] * 3,
                  'Compte rendu fictif.', '', NULL, true, now(), now()
           FROM territory_commune c,
                ST_Dump(ST_GeneratePoints(c.boundary, %(n)s, %(ps)s)) AS d
           WHERE c.id = %(c)s""",
        {**key, "k": consultation, "n": MEETINGS_PER_COMMUNE, "ps": point_seed},
    )
    _execute(
        """INSERT INTO mapping_meeting_proposals (meeting_id, proposal_id)
           SELECT m.id, p.id FROM mapping_meeting m
           CROSS JOIN LATERAL (SELECT id FROM mapping_proposal
                               WHERE consultation_id = %(k)s ORDER BY id
                               OFFSET (m.attendance - 20) LIMIT 3) AS p
           WHERE m.consultation_id = %(k)s""",
        {"k": consultation},
    )
    return made
