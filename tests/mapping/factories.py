from datetime import timedelta

import factory
from django.contrib.gis.geos import Point
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.geometries import TOWN_CENTRE


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mapping.Consultation"

    title = factory.Sequence(lambda n: f"Révision du PLU n°{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mapping.Proposal"

    author = factory.SubFactory(UserFactory)
    consultation = factory.SubFactory(
        ConsultationFactory, commune=factory.SelfAttribute("..commune")
    )
    title = factory.Sequence(lambda n: f"Un banc place de la mairie {n}")
    description = "Pour se reposer en allant au marché."
    category = "public_space"
    geometry = factory.LazyFunction(lambda: Point(*TOWN_CENTRE, srid=4326))


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mapping.Comment"

    author = factory.SubFactory(UserFactory)
    body = "Bonne idée, je passe par là tous les jours."


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mapping.Meeting"

    topic = factory.Sequence(lambda n: f"Réunion publique n°{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    place_name = "Mairie de Loos-en-Gohelle"
    location = factory.LazyFunction(lambda: Point(*TOWN_CENTRE, srid=4326))
