import pytest
from django.core.exceptions import ValidationError

from mapping.models import Proposal, Support
from mapping.services import proposal_create, support_add
from tests.accounts.factories import UserFactory
from tests.geometries import bowtie, line_in_town, square


def _create(loos, geometry, **overrides):
    fields = {
        "author": UserFactory(),
        "commune": loos,
        "title": "Un verger partagé",
        "description": "Des arbres fruitiers pour le quartier.",
        "category": "nature",
        "geometry": geometry,
    }
    fields.update(overrides)
    return proposal_create(**fields)


def test_a_bowtie_polygon_is_refused_with_a_message_naming_the_self_intersection(loos):
    before = Proposal.objects.count()
    with pytest.raises(ValidationError) as refused:
        _create(loos, bowtie())
    message = " ".join(refused.value.message_dict["geometry"])
    assert "crosses itself" in message or "se croise" in message
    assert "50.458" in message and "2.794" in message  # where to look
    assert Proposal.objects.count() == before


def test_a_proposal_outside_the_commune_is_refused(loos):
    with pytest.raises(ValidationError) as refused:
        _create(loos, square(lon=2.83, lat=50.43))  # in Lens
    assert "Loos-en-Gohelle" in " ".join(refused.value.message_dict["geometry"])


def test_a_line_proposal_records_the_zones_it_touches(loos):
    proposal = _create(loos, line_in_town())
    assert proposal.zones.exists()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert proposal.status_changes.count() == 1


def test_a_proposal_near_the_11_19_base_falls_in_its_protection_perimeter(loos):
    proposal = _create(loos, square(lon=2.7890, lat=50.4450, half=0.0003))
    assert "Base 11/19" in {site.name for site in proposal.heritage_perimeters.all()}


def test_one_person_cannot_support_a_proposal_twice(loos):
    proposal = _create(loos, square())
    resident = UserFactory()
    support_add(proposal=proposal, user=resident)
    with pytest.raises(ValidationError) as refused:
        support_add(proposal=proposal, user=resident)
    assert refused.value.messages == [
        "You already support this proposal."
    ] or refused.value.messages == ["Vous soutenez déjà cette proposition."]
    assert Support.objects.filter(proposal=proposal, user=resident).count() == 1


def test_reshaping_a_proposal_recomputes_its_zones_and_a_refused_shape_changes_nothing(loos):
    from django.core.exceptions import PermissionDenied

    from mapping.services import proposal_update

    proposal = _create(loos, square())
    assert not proposal.heritage_perimeters.filter(name="Base 11/19").exists()
    with pytest.raises(ValidationError):
        proposal_update(
            proposal=proposal, user=proposal.author, geometry=square(lon=2.83, lat=50.43)
        )
    proposal.refresh_from_db()
    assert proposal.geometry.equals(square())
    with pytest.raises(PermissionDenied):
        proposal_update(proposal=proposal, user=UserFactory(), title="Pris")

    near_the_base = square(lon=2.7890, lat=50.4450, half=0.0003)
    proposal_update(proposal=proposal, user=proposal.author, geometry=near_the_base)
    proposal.refresh_from_db()
    assert "Base 11/19" in {site.name for site in proposal.heritage_perimeters.all()}


def test_a_withdrawn_proposal_takes_no_more_supports_or_comments(loos):
    from mapping.services import comment_create, proposal_withdraw

    proposal = _create(loos, square())
    proposal_withdraw(proposal=proposal, user=proposal.author)
    with pytest.raises(ValidationError):
        support_add(proposal=proposal, user=UserFactory())
    with pytest.raises(ValidationError):
        comment_create(proposal=proposal, author=UserFactory(), body="Dommage")
    assert not proposal.supports.exists() and not proposal.comments.exists()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.WITHDRAWN
