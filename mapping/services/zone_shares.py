"""The shares of proposals in the plan's zones, measured by PostGIS for a whole commune at once.

One statement deletes a set of proposals' shares and inserts them again, so a CNIG re-import of a
plan (hundreds of zones) recomputes a commune's proposals in one pass rather than one query per
proposal and zone. Measures are taken in the commune's projected CRS (Lambert-93 for Loos), never
in degrees: a line by the length inside each zone, an area by its area, a point counts once in
each zone holding it (a point on the border of two zones is half in each). A zone the drawing only
grazes along a border (no length or area inside it) is not one it touches.
"""

from django.db import connection, transaction

# Shares are percentages of the part of the drawing inside zones, rounded to 0.01: they sum to
# 100 within 0.01 per zone.
_CLEAR = """
DELETE FROM mapping_proposalzone WHERE proposal_id IN (
    SELECT p.id FROM mapping_proposal p
    WHERE p.commune_id = %(commune)s AND (%(all)s OR p.id = ANY(%(ids)s))
)
"""

_RECOMPUTE = """
WITH targets AS (
    SELECT p.id, p.geometry, p.commune_id, c.projected_srid AS srid,
           ST_Transform(p.geometry, c.projected_srid) AS projected
    FROM mapping_proposal p
    JOIN territory_commune c ON c.id = p.commune_id
    WHERE p.commune_id = %(commune)s AND (%(all)s OR p.id = ANY(%(ids)s))
),
measured AS (
    SELECT t.id AS proposal_id, z.id AS zone_id,
        CASE ST_Dimension(t.geometry)
            WHEN 0 THEN 1.0
            WHEN 1 THEN ST_Length(ST_Intersection(t.projected, ST_Transform(z.geometry, t.srid)))
            ELSE ST_Area(ST_Intersection(t.projected, ST_Transform(z.geometry, t.srid)))
        END AS measure
    FROM targets t
    JOIN land_use_zone z ON z.commune_id = t.commune_id AND ST_Intersects(z.geometry, t.geometry)
),
kept AS (SELECT * FROM measured WHERE measure > 0),
totals AS (SELECT proposal_id, SUM(measure) AS total FROM kept GROUP BY proposal_id)
INSERT INTO mapping_proposalzone (proposal_id, zone_id, share)
SELECT kept.proposal_id, kept.zone_id, ROUND((100 * kept.measure / totals.total)::numeric, 2)
FROM kept JOIN totals USING (proposal_id)
"""


@transaction.atomic
def proposal_zone_shares_recompute(
    *, commune_id: int, proposal_ids: list[int] | None = None
) -> int:
    """Measure again the shares of the commune's proposals (all, or those given) in its zones.

    Returns the number of (proposal, zone) shares stored.
    """
    # Two statements in one transaction: a DELETE in a CTE of the INSERT would run in no
    # guaranteed order against it, and the unique (proposal, zone) constraint could trip.
    params = {"commune": commune_id, "all": proposal_ids is None, "ids": list(proposal_ids or [])}
    with connection.cursor() as cursor:
        cursor.execute(_CLEAR, params)
        cursor.execute(_RECOMPUTE, params)
        return cursor.rowcount


def zone_shares_on_zones_replaced(sender, *, commune_id: int, **kwargs) -> None:
    """Receiver of `land_use.signals.zones_replaced`: the plan changed, the shares follow."""
    proposal_zone_shares_recompute(commune_id=commune_id)
