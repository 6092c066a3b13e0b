"""What a proposal touches, in one sentence: its zones with their shares, its heritage perimeters.

"touche 1AUh (80 %) et N (20 %) ; dans le périmètre de 500 m de « Base 11/19 » : avis de
l'Architecte des Bâtiments de France requis"

The sentence is written by PostgreSQL (`ZonesSummary`), so the page, the API and every export
(GeoJSON written by PostGIS, CSV, GeoPackage, OGC API) read the same words from one expression.
Its fragments are translatable strings, put in the active language when the query is compiled and
passed as parameters; the shares are written with the language's decimal separator.
"""

from django.db import models
from django.utils.formats import get_format
from django.utils.translation import gettext

from heritage.models import MONUMENT_SURROUNDINGS_M


def _sql_template(text: str) -> str:
    """A translated `%(name)s` string as a PostgreSQL format() template (`%%` stays a `%`)."""
    for position, name in enumerate(("first", "second"), start=1):
        text = text.replace(f"%({name})s", f"%{position}$s")
    return text


def share_text_sql(share: str, decimal_separator: str) -> tuple[str, list]:
    """SQL writing a percentage with at most one decimal, in the language's number format."""
    return (
        f"replace(rtrim(rtrim(to_char(round({share}, 1), 'FM990.0'), '0'), '.'), '.', %s)",
        [decimal_separator],
    )


class ZonesSummary(models.Func):
    """The sentence saying which zones a proposal touches (with its share in each) and which
    heritage perimeters it falls in: `ZonesSummary("pk")` on a queryset of proposals."""

    output_field = models.TextField()
    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        proposal, proposal_params = compiler.compile(self.source_expressions[0])
        if proposal_params:
            raise ValueError("ZonesSummary takes a column of proposal ids, not a value.")
        # Translated now, in the language of the request or command running the query.
        item = _sql_template(gettext("%(first)s (%(second)s %%)"))
        last = _sql_template(gettext("%(first)s and %(second)s"))
        touches = _sql_template(gettext("touches %(first)s"))
        no_zone = gettext("touches no zone of the plan")
        site = _sql_template(gettext("“%(first)s”"))
        within = _sql_template(
            gettext(
                "within the %(first)s m perimeter of %(second)s: the opinion of the "
                "Architecte des Bâtiments de France is required"
            )
        )
        both = _sql_template(gettext("%(first)s; %(second)s"))
        share, share_params = share_text_sql("pz.share", get_format("DECIMAL_SEPARATOR"))
        listed = """
            CASE WHEN cardinality({a}) = 1 THEN {a}[1]
                 ELSE format(%s, array_to_string({a}[1:cardinality({a}) - 1], ', '),
                             {a}[cardinality({a})]) END"""
        sql = f"""(
            WITH zones AS (
                SELECT array_agg(format(%s, z.libelle, {share}) ORDER BY pz.share DESC, z.libelle)
                    AS a
                FROM mapping_proposalzone pz JOIN land_use_zone z ON z.id = pz.zone_id
                WHERE pz.proposal_id = {proposal}
            ),
            sites AS (
                SELECT array_agg(format(%s, h.name) ORDER BY h.name) AS a
                FROM mapping_proposal_heritage_perimeters ph
                JOIN heritage_heritagesite h ON h.id = ph.heritagesite_id
                WHERE ph.proposal_id = {proposal}
            ),
            parts AS (
                SELECT
                    CASE WHEN zones.a IS NULL THEN %s
                         ELSE format(%s, {listed.format(a="zones.a")}) END AS zones_part,
                    CASE WHEN sites.a IS NULL THEN NULL
                         ELSE format(%s, %s, {listed.format(a="sites.a")}) END AS sites_part
                FROM zones, sites
            )
            SELECT CASE WHEN sites_part IS NULL THEN zones_part
                        ELSE format(%s, zones_part, sites_part) END
            FROM parts
        )"""  # noqa: S608 - the identifiers are the models' tables; every text is a parameter
        params = [
            item,
            *share_params,
            site,
            no_zone,
            touches,
            last,
            within,
            str(MONUMENT_SURROUNDINGS_M),
            last,
            both,
        ]
        return sql, params


def proposal_zones_summary(*, proposal) -> str:
    """The sentence for one proposal (its page), written by the same expression as the files."""
    from mapping.models import Proposal

    return (
        Proposal.objects.filter(pk=proposal.pk)
        .annotate(zones_summary=ZonesSummary("pk"))
        .values_list("zones_summary", flat=True)
        .get()
    )


def proposal_zone_shares(*, proposal):
    """The proposal's shares in zones, largest first, with their zones."""
    return proposal.zone_shares.select_related("zone").order_by("-share", "zone__libelle")
