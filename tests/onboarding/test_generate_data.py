"""The data generator: communes of the shared file filled with valid, deterministic data."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from onboarding.generator import GENERATED_SOURCE
from territory.models import Commune

COMMUNES = "62510,62498"  # Liévin and Lens


def _generate(*extra, seed=1):
    call_command(
        "generate_data",
        "--communes",
        COMMUNES,
        "--parcels",
        "300",
        "--proposals",
        "200",
        "--seed",
        str(seed),
        *extra,
        stdout=open("/dev/null", "w"),  # noqa: SIM115 - the command's chatter is not the test
    )


def _one(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _checksum():
    """A digest of the generated rows' telling columns (geometries included), in id order."""
    return _one(
        """SELECT md5(string_agg(t, '|' ORDER BY t)) FROM (
               SELECT z.libelle || z.typezone || ST_AsText(z.geometry, 6) AS t FROM land_use_zone z
               UNION ALL
               SELECT p.name || p.code_cultu || p.stage || ST_AsText(p.geometry, 6)
               FROM land_use_organicparcel p
               UNION ALL
               SELECT p.title || p.category || p.status || p.is_hidden || ST_AsText(p.geometry, 6)
                      || (SELECT count(*) FROM mapping_support s WHERE s.proposal_id = p.id)
                      || (SELECT count(*) FROM mapping_comment c WHERE c.proposal_id = p.id)
               FROM mapping_proposal p
           ) AS rows"""
    )[0]


@pytest.mark.django_db
def test_the_zones_of_each_generated_commune_cover_it_without_overlapping():
    _generate()
    for commune in Commune.objects.filter(insee__in=COMMUNES.split(",")):
        difference, overlaps, kinds = _one(
            """SELECT ST_Area(ST_SymDifference(ST_Union(z.geometry), c.boundary)::geography)
                      / ST_Area(c.boundary::geography),
                      (SELECT count(*) FROM land_use_zone a JOIN land_use_zone b
                         ON a.id < b.id AND a.commune_id = b.commune_id
                         AND ST_Intersects(a.geometry, b.geometry)
                       WHERE a.commune_id = c.id
                         AND ST_Area(ST_Intersection(a.geometry, b.geometry)::geography) > 1),
                      array_agg(DISTINCT z.typezone ORDER BY z.typezone)
               FROM land_use_zone z JOIN territory_commune c ON c.id = z.commune_id
               WHERE c.id = %s GROUP BY c.id, c.boundary""",
            [commune.pk],
        )
        assert difference < 1e-5  # a hundred-thousandth of the commune: rounding only
        assert overlaps == 0
        assert set(kinds) <= {"U", "AUc", "AUs", "A", "N"} and "A" in kinds


@pytest.mark.django_db
def test_generated_parcels_lie_in_agricultural_zones_and_never_overlap():
    _generate()
    count, outside, invalid = _one(
        """SELECT count(*),
                  count(*) FILTER (WHERE NOT EXISTS (
                      SELECT 1 FROM land_use_zone z WHERE z.commune_id = p.commune_id
                      AND z.typezone = 'A'
                      AND ST_CoveredBy(p.geometry, ST_Buffer(z.geometry, 1e-9)))),
                  count(*) FILTER (WHERE NOT ST_IsValid(p.geometry))
           FROM land_use_organicparcel p WHERE p.source = %s""",
        [GENERATED_SOURCE],
    )
    assert count == 300 and outside == 0 and invalid == 0
    overlapping = _one(
        """SELECT count(*) FROM land_use_organicparcel a JOIN land_use_organicparcel b
             ON a.id < b.id AND ST_Intersects(a.geometry, b.geometry)
           WHERE ST_Area(ST_Intersection(a.geometry, b.geometry)::geography) > 0.01"""
    )[0]
    assert overlapping == 0
    # Conversion stages carry their engagement date (a database constraint would refuse it).
    assert _one("SELECT count(DISTINCT stage) FROM land_use_organicparcel")[0] >= 3


@pytest.mark.django_db
def test_generated_proposals_are_points_lines_and_areas_inside_their_commune():
    _generate()
    total, outside, kinds, hidden, answered_without = _one(
        """SELECT count(*),
                  count(*) FILTER (WHERE NOT ST_CoveredBy(p.geometry, c.boundary)),
                  count(DISTINCT ST_Dimension(p.geometry)),
                  count(*) FILTER (WHERE p.is_hidden),
                  count(*) FILTER (WHERE p.status IN ('accepted', 'rejected') AND p.answer = '')
           FROM mapping_proposal p JOIN territory_commune c ON c.id = p.commune_id"""
    )
    assert total == 200 and outside == 0 and kinds == 3 and answered_without == 0
    assert hidden >= 1
    self_supports = _one(
        "SELECT count(*) FROM mapping_support s JOIN mapping_proposal p ON p.id = s.proposal_id"
        " WHERE s.user_id = p.author_id"
    )[0]
    assert self_supports == 0
    assert _one("SELECT count(*) FROM mapping_comment")[0] > 0
    assert _one("SELECT count(*) FROM mapping_proposalzone")[0] >= total
    assert _one("SELECT count(*) FROM mapping_meeting_proposals")[0] > 0


@pytest.mark.django_db
def test_generated_residents_cannot_log_in():
    _generate()
    from django.contrib.auth import get_user_model

    residents = get_user_model().objects.filter(username__startswith="gen-62510-")
    assert residents.exists()
    assert not any(user.has_usable_password() for user in residents)
    assert not residents[0].check_password("")
    assert not residents[0].check_password(residents[0].password)


@pytest.mark.django_db
def test_the_history_of_every_generated_row_says_the_generator_made_it():
    _generate()
    for table in (
        "land_use_organicparcelversion",
        "mapping_proposalversion",
        "mapping_commentversion",
    ):
        # The tables are the ones named above.
        sql = (
            "SELECT count(*), count(*) FILTER (WHERE c.metadata IS NULL), "  # noqa: S608
            f"array_agg(DISTINCT c.metadata->>'command') FROM {table} v "
            "LEFT JOIN pghistory_context c ON c.id = v.pgh_context_id"
        )
        rows, unnamed, contexts = _one(sql)
        assert rows > 0, table
        assert unnamed == 0, table
        assert contexts == ["generate_data"], table


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    _generate()
    first = _checksum()
    _generate("--replace")
    assert _checksum() == first
    _generate("--replace", seed=2)
    assert _checksum() != first


@pytest.mark.django_db
def test_generating_twice_needs_replace_and_replace_leaves_real_data_alone(loos):
    _generate()
    with pytest.raises(CommandError, match="--replace"):
        _generate()
    before = _one("SELECT count(*) FROM land_use_organicparcel WHERE commune_id = %s", [loos.pk])
    _generate("--replace")
    assert (
        _one("SELECT count(*) FROM land_use_organicparcel WHERE source = %s", [GENERATED_SOURCE])[0]
        == 300
    )
    after = _one("SELECT count(*) FROM land_use_organicparcel WHERE commune_id = %s", [loos.pk])
    assert before == after and before[0] > 0
    # A commune with data of its own is not filled.
    with pytest.raises(CommandError, match="laissée telle quelle"):
        call_command("generate_data", "--communes", "62528", "--parcels", "10", "--proposals", "10")


@pytest.mark.django_db
def test_a_number_of_communes_picks_the_largest_ones():
    call_command(
        "generate_data",
        "--communes",
        "2",
        "--parcels",
        "20",
        "--proposals",
        "20",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    assert Commune.objects.count() == 2
