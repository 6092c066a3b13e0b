import factory
from django.contrib.auth.models import Group

from accounts.roles import Role
from tests.accounts.factories import UserFactory


def with_role(user, role: Role):
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def farmer(**kwargs):
    return with_role(UserFactory(**kwargs), Role.FARMER)


def planner(**kwargs):
    return with_role(UserFactory(**kwargs), Role.PLANNER)


class FarmerApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "land_use.FarmerApplication"

    applicant = factory.SubFactory(UserFactory)
    farm_name = factory.Sequence(lambda n: f"Ferme {n}")
    siret = "73282932000074"
