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


def test_the_planner_group_holds_the_admin_permissions_of_a_planners_work(db):
    planner = UserFactory()
    planner.groups.add(Group.objects.get(name=Role.PLANNER))
    planner = type(planner).objects.get(pk=planner.pk)  # a fresh permission cache
    assert planner.has_perm("land_use.change_zone")
    assert planner.has_perm("mapping.change_proposal")
    assert planner.has_perm("heritage.add_heritagesite")
    # Parcels are archived through the services, proposals are never deleted.
    assert not planner.has_perm("land_use.delete_organicparcel")
    assert not planner.has_perm("mapping.delete_proposal")
    assert not planner.has_perm("accounts.change_user")


def test_the_moderator_group_may_change_proposals_comments_and_reports_only(db):
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name=Role.MODERATOR))
    moderator = type(moderator).objects.get(pk=moderator.pk)
    assert moderator.has_perm("mapping.change_comment")
    assert moderator.has_perm("mapping.change_report")
    assert not moderator.has_perm("land_use.change_zone")


def test_granting_the_planner_role_in_the_admin_opens_the_admin_to_them(admin_client, db):
    person = UserFactory()
    response = admin_client.post(
        f"/admin/accounts/user/{person.pk}/change/",
        {
            "username": person.username,
            "email": person.email,
            "display_name": person.display_name,
            "is_active": "on",
            "groups": [Group.objects.get(name=Role.PLANNER).pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.is_staff
