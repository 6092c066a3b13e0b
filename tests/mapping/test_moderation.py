"""Moderation against PostGIS: moderators hide and restore with a reason the author reads,
dismiss reports, block and unblock accounts, every act logged; a blocked person reads but no
longer writes; hidden content leaves every public output and stays for planners and moderators;
nobody supports or reports their own proposal."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.selectors import user_personal_data
from mapping import services
from mapping.models import Comment, ModerationAction, Proposal, Report, Support
from tests.accounts.factories import UserFactory
from tests.geometries import square
from tests.mapping.export_helpers import body
from tests.mapping.factories import CommentFactory, ConsultationFactory, ProposalFactory


def _with(role, **fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def moderator(db):
    return _with(Role.MODERATOR, display_name="Mona Modératrice")


@pytest.fixture
def proposal(loos):
    return ProposalFactory(
        commune=loos, consultation=ConsultationFactory(commune=loos), title="Un banc rue Léon"
    )


def _report_three_times(proposal):
    for _index in range(3):
        services.report_create(reporter=UserFactory(), proposal=proposal, reason="spam")


# Hide and restore, with the reason the author sees.


def test_a_moderator_hides_a_proposal_with_a_reason_its_author_reads_and_the_act_is_logged(
    client, moderator, proposal
):
    services.report_create(reporter=UserFactory(), proposal=proposal, reason="abusive")
    act = services.content_hide(
        moderator=moderator, proposal=proposal, reason="Propos injurieux envers un voisin."
    )
    proposal.refresh_from_db()
    assert proposal.is_hidden
    assert proposal.moderation_reason == "Propos injurieux envers un voisin."
    assert (act.moderator, act.action, act.proposal, act.reason) == (
        moderator,
        "hide",
        proposal,
        "Propos injurieux envers un voisin.",
    )
    assert act.created_at is not None
    assert not Report.objects.filter(proposal=proposal, resolved_at__isnull=True).exists()

    client.force_login(proposal.author)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Propos injurieux envers un voisin." in page
    assert "Propos injurieux envers un voisin." in client.get("/my/proposals/").content.decode()
    client.force_login(UserFactory())
    assert client.get(proposal.get_absolute_url()).status_code == 404


def test_the_public_never_reads_the_reason_but_the_planner_does(client, moderator, proposal):
    services.content_hide(moderator=moderator, proposal=proposal, reason="Données personnelles.")
    assert client.get(proposal.get_absolute_url()).status_code == 404
    api = client.get("/api/v1/proposals/").content.decode()
    assert "Données personnelles." not in api
    client.force_login(_with(Role.PLANNER))
    assert "Données personnelles." in client.get(proposal.get_absolute_url()).content.decode()


def test_a_hide_without_a_reason_is_refused_and_nothing_changes(moderator, proposal):
    with pytest.raises(ValidationError) as refusal:
        services.content_hide(moderator=moderator, proposal=proposal, reason="  ")
    assert "auteur" in " ".join(refusal.value.messages)
    proposal.refresh_from_db()
    assert not proposal.is_hidden
    assert not ModerationAction.objects.exists()


def test_restoring_shows_it_again_and_old_reports_do_not_hide_it_again(moderator, proposal):
    _report_three_times(proposal)
    proposal.refresh_from_db()
    assert proposal.is_hidden  # three reports hid it
    services.content_restore(moderator=moderator, proposal=proposal, reason="Rien d'abusif.")
    proposal.refresh_from_db()
    assert not proposal.is_hidden and proposal.moderation_reason == ""
    # One more report after the review: the three old ones were resolved, so it stays shown.
    services.report_create(reporter=UserFactory(), proposal=proposal, reason="spam")
    proposal.refresh_from_db()
    assert not proposal.is_hidden
    assert list(ModerationAction.objects.values_list("action", "reason")) == [
        ("restore", "Rien d'abusif.")
    ]


def test_a_moderator_hides_and_restores_a_comment_whose_author_sees_the_reason(
    client, moderator, proposal
):
    comment = CommentFactory(proposal=proposal, body="Un commentaire hors sujet")
    services.content_hide(moderator=moderator, comment=comment, reason="Hors sujet.")
    client.force_login(UserFactory())
    assert (
        "Un commentaire hors sujet" not in client.get(proposal.get_absolute_url()).content.decode()
    )
    client.force_login(comment.author)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Un commentaire hors sujet" in page and "Hors sujet." in page
    services.content_restore(moderator=moderator, comment=comment)
    client.force_login(UserFactory())
    assert "Un commentaire hors sujet" in client.get(proposal.get_absolute_url()).content.decode()


def test_dismissing_reports_resolves_them_and_keeps_the_content_shown(moderator, proposal):
    services.report_create(reporter=UserFactory(), proposal=proposal, reason="off_topic")
    act = services.reports_dismiss(moderator=moderator, proposal=proposal)
    assert act.action == "dismiss"
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    proposal.refresh_from_db()
    assert not proposal.is_hidden
    with pytest.raises(ValidationError):
        services.reports_dismiss(moderator=moderator, proposal=proposal)


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.PLANNER], ids=["resident", "planner"])
def test_only_moderators_hide_restore_and_block(role, proposal):
    someone = _with(role)
    with pytest.raises(PermissionDenied):
        services.content_hide(moderator=someone, proposal=proposal, reason="Non.")
    with pytest.raises(PermissionDenied):
        services.account_block(moderator=someone, person=proposal.author, reason="Non.")
    proposal.refresh_from_db()
    proposal.author.refresh_from_db()
    assert not proposal.is_hidden and not proposal.author.is_blocked


# Blocking.


def test_a_blocked_resident_reads_but_cannot_propose_comment_support_or_report(
    loos, moderator, proposal
):
    resident = UserFactory()
    own = ProposalFactory(commune=loos, consultation=proposal.consultation, author=resident)
    own_comment = CommentFactory(proposal=proposal, author=resident, body="Mon ancien avis")
    services.account_block(moderator=moderator, person=resident, reason="Insultes répétées.")
    resident.refresh_from_db()

    attempts = {
        "proposal": lambda: services.proposal_create(
            author=resident,
            commune=loos,
            title="Encore une idée",
            description="Une idée de plus.",
            category="nature",
            geometry=square(),
        ),
        "edit": lambda: services.proposal_update(proposal=own, user=resident, title="Changé"),
        "comment": lambda: services.comment_create(
            proposal=proposal, author=resident, body="Encore moi"
        ),
        "comment edit": lambda: services.comment_update(
            comment=own_comment, user=resident, body="Changé"
        ),
        "support": lambda: services.support_add(proposal=proposal, user=resident),
        "report": lambda: services.report_create(
            reporter=resident, proposal=proposal, reason="spam"
        ),
    }
    for what, attempt in attempts.items():
        with pytest.raises(PermissionDenied) as refusal:
            attempt()
        assert "Insultes répétées." in str(refusal.value), what
        assert "bloqué" in str(refusal.value), what
    # Their history stays, as it was.
    own.refresh_from_db()
    own_comment.refresh_from_db()
    assert own.title != "Changé" and own_comment.body == "Mon ancien avis"
    assert Comment.objects.shown().filter(pk=own_comment.pk).exists()
    assert Proposal.objects.visible_to(None).filter(pk=own.pk).exists()
    assert Proposal.objects.filter(author=resident).count() == 1
    assert not Support.objects.filter(user=resident).exists()
    assert not Report.objects.filter(reporter=resident).exists()


def test_a_blocked_resident_is_refused_with_a_sentence_on_the_pages_and_the_api(
    client, moderator, proposal
):
    resident = UserFactory()
    services.account_block(moderator=moderator, person=resident, reason="Publicité répétée.")
    client.force_login(resident)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Publicité répétée." in page  # the banner tells why
    response = client.post(f"/proposals/{proposal.pk}/comments/", {"body": "Encore"})
    assert response.status_code == 400
    assert "Publicité répétée." in response.content.decode()
    response = client.post(f"/proposals/{proposal.pk}/support/", follow=True)
    assert "Publicité répétée." in response.content.decode()
    api = APIClient()
    api.force_authenticate(resident)
    response = api.post(f"/api/v1/proposals/{proposal.pk}/support/")
    assert response.status_code == 403
    assert "Publicité répétée." in json.dumps(response.json(), ensure_ascii=False)
    assert not Comment.objects.filter(author=resident).exists()
    assert not Support.objects.filter(user=resident).exists()


def test_unblocking_restores_writing_and_both_acts_are_logged(moderator, proposal):
    resident = UserFactory()
    services.account_block(moderator=moderator, person=resident, reason="Spam.")
    services.account_unblock(moderator=moderator, person=resident, reason="Excuses reçues.")
    resident.refresh_from_db()
    assert not resident.is_blocked
    assert services.support_add(proposal=proposal, user=resident).pk
    assert list(
        ModerationAction.objects.order_by("pk").values_list("action", "person", "reason")
    ) == [("block", resident.pk, "Spam."), ("unblock", resident.pk, "Excuses reçues.")]


def test_staff_and_oneself_cannot_be_blocked_and_a_block_needs_a_reason(moderator):
    with pytest.raises(ValidationError):
        services.account_block(moderator=moderator, person=moderator, reason="Test.")
    with pytest.raises(ValidationError):
        services.account_block(moderator=moderator, person=_with(Role.PLANNER), reason="Test.")
    with pytest.raises(ValidationError):
        services.account_block(moderator=moderator, person=UserFactory(), reason="")
    assert not ModerationAction.objects.exists()


def test_the_block_is_in_the_persons_data(moderator):
    resident = UserFactory()
    services.account_block(moderator=moderator, person=resident, reason="Spam.")
    resident.refresh_from_db()
    assert user_personal_data(user=resident)["account"]["blocked"]["reason"] == "Spam."


# Own content.


def test_a_person_cannot_support_nor_report_their_own_proposal(client, proposal):
    with pytest.raises(ValidationError):
        services.support_add(proposal=proposal, user=proposal.author)
    with pytest.raises(ValidationError):
        services.report_create(reporter=proposal.author, proposal=proposal, reason="spam")
    client.force_login(proposal.author)
    response = client.post(f"/proposals/{proposal.pk}/support/", follow=True)
    assert "votre propre proposition" in response.content.decode()
    assert not Support.objects.exists() and not Report.objects.exists()


# Hidden content in every output.


def _ids(response) -> set[int]:
    return {feature["id"] for feature in json.loads(body(response))["features"]}


def test_hidden_content_leaves_the_api_the_geojson_export_and_the_ogc_items_and_stays_for_planners(
    client, moderator, proposal
):
    services.content_hide(moderator=moderator, proposal=proposal, reason="Spam.")
    urls = (
        "/api/v1/proposals/",
        "/exports/proposals.geojson",
        "/ogc/collections/proposals/items?limit=1000",
    )
    for url in urls:
        assert proposal.pk not in _ids(client.get(url)), url
    assert client.get(f"/ogc/collections/proposals/items/{proposal.pk}").status_code == 404
    assert client.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 404
    client.force_login(_with(Role.PLANNER))
    for url in urls:
        assert proposal.pk in _ids(client.get(url)), url
    services.content_restore(moderator=moderator, proposal=proposal)
    client.logout()
    for url in urls:
        assert proposal.pk in _ids(client.get(url)), url


# The moderation page.


def test_the_moderation_page_is_for_moderators_only(client, db):
    assert client.get("/moderation/").status_code == 302  # to the login
    client.force_login(_with(Role.RESIDENT))
    assert client.get("/moderation/").status_code == 403
    client.force_login(_with(Role.PLANNER))
    assert client.get("/moderation/").status_code == 403


def test_the_queue_puts_the_most_reported_first_with_reasons_details_and_the_log(
    client, loos, moderator, proposal
):
    once = ProposalFactory(commune=loos, consultation=proposal.consultation, title="Une fois")
    services.report_create(
        reporter=UserFactory(), proposal=once, reason="off_topic", details="Rien à voir"
    )
    for reason in ("spam", "personal_data"):
        services.report_create(reporter=UserFactory(), proposal=proposal, reason=reason)
    services.content_hide(moderator=moderator, comment=CommentFactory(proposal=once), reason="X")
    client.force_login(moderator)
    page = client.get("/moderation/").content.decode()
    assert page.index("Un banc rue Léon") < page.index("Une fois")
    for shown in ("Rien à voir", "Publicité ou spam", "Hors sujet", "Divulgue des données"):
        assert shown in page, shown
    assert "Mona Modératrice" in page  # the log says who
    assert "masquer" in page.lower()


def test_the_moderators_forms_hide_restore_and_block_through_the_services(
    client, moderator, proposal
):
    client.force_login(moderator)
    response = client.post(f"/moderation/proposal/{proposal.pk}/hide/", {"reason": ""}, follow=True)
    assert "auteur" in response.content.decode()  # refused: a reason is needed
    proposal.refresh_from_db()
    assert not proposal.is_hidden
    client.post(f"/moderation/proposal/{proposal.pk}/hide/", {"reason": "Doublon."})
    proposal.refresh_from_db()
    assert proposal.is_hidden and proposal.moderation_reason == "Doublon."
    client.post(f"/moderation/proposal/{proposal.pk}/restore/", {"reason": ""})
    proposal.refresh_from_db()
    assert not proposal.is_hidden
    client.post(f"/moderation/people/{proposal.author_id}/block/", {"reason": "Spam."})
    proposal.author.refresh_from_db()
    assert proposal.author.blocked_reason == "Spam."
    client.post(f"/moderation/people/{proposal.author_id}/unblock/", {"reason": ""})
    proposal.author.refresh_from_db()
    assert not proposal.author.is_blocked
    assert ModerationAction.objects.count() == 4
    assert client.get(f"/moderation/proposal/{proposal.pk}/hide/").status_code == 405


def test_a_resident_cannot_post_to_the_moderation_forms(client, proposal):
    client.force_login(UserFactory())
    assert (
        client.post(f"/moderation/proposal/{proposal.pk}/hide/", {"reason": "x"}).status_code == 403
    )
    proposal.refresh_from_db()
    assert not proposal.is_hidden
    assert not ModerationAction.objects.exists()
