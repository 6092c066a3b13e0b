from django.contrib.auth.models import Group

from accounts.roles import Role, has_role, is_planner
from tests.accounts.factories import UserFactory


def test_every_role_exists_as_a_group_after_migrating(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_a_role_is_held_through_its_group(db):
    resident = UserFactory()
    assert not is_planner(resident)
    resident.groups.add(Group.objects.get(name=Role.PLANNER))
    assert is_planner(resident)
    assert not has_role(resident, Role.FARMER)
