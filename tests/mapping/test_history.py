"""Every version of a comment or a proposal is kept by the database, whoever writes it, and a
planner restores one from the history page; erasing an account erases its words there too."""

from django.db import connection

from accounts.services import user_erase
from mapping.history import COMMENTS, FIFTY_FIFTY, PROPOSALS
from mapping.models import Comment, FiftyFiftyProject, Proposal
from mapping.services import comment_update
from tests.accounts.factories import UserFactory
from tests.land_use.factories import planner
from tests.mapping.factories import CommentFactory, ProposalFactory


def _bodies(comment) -> list[str]:
    return list(
        COMMENTS.version_model.objects.filter(pgh_obj_id=comment.pk)
        .order_by("pgh_id")
        .values_list("body", flat=True)
    )


def test_an_edited_comment_keeps_its_earlier_text_in_its_history(loos):
    proposal = ProposalFactory(commune=loos)
    comment = CommentFactory(proposal=proposal, body="Premier jet.")
    comment_update(comment=comment, user=comment.author, body="Texte corrigé.")
    assert _bodies(comment) == ["Premier jet.", "Texte corrigé."]


def test_a_bulk_update_of_comments_cannot_bypass_the_history(loos):
    comment = CommentFactory(proposal=ProposalFactory(commune=loos), body="Avant.")
    Comment.objects.filter(pk=comment.pk).update(body="Après, en masse.")
    assert _bodies(comment) == ["Avant.", "Après, en masse."]


def test_raw_sql_on_a_proposal_is_in_its_history(loos):
    proposal = ProposalFactory(commune=loos, title="Un banc")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE mapping_proposal SET title = 'Deux bancs' WHERE id = %s", [proposal.pk]
        )
    titles = PROPOSALS.version_model.objects.filter(pgh_obj_id=proposal.pk).order_by("pgh_id")
    assert list(titles.values_list("title", flat=True)) == ["Un banc", "Deux bancs"]


def test_a_version_made_through_the_site_knows_who_made_it(client, loos):
    comment = CommentFactory(proposal=ProposalFactory(commune=loos), body="Avant.")
    client.force_login(comment.author)
    response = client.patch(
        f"/api/v1/comments/{comment.pk}/",
        {"body": "Après, par l'API."},
        content_type="application/json",
    )
    assert response.status_code == 200
    last = COMMENTS.version_model.objects.filter(pgh_obj_id=comment.pk).latest("pgh_id")
    assert last.body == "Après, par l'API."
    assert last.pgh_context.metadata["user"] == comment.author.pk


def test_a_planner_restores_a_previous_version_from_the_history_page(client, loos):
    proposal = ProposalFactory(commune=loos, title="Un banc", description="Sous le tilleul.")
    first = PROPOSALS.version_model.objects.get(pgh_obj_id=proposal.pk)
    Proposal.objects.filter(pk=proposal.pk).update(title="Titre abîmé", description="Vandalisé")
    person = planner()
    client.force_login(person)
    response = client.post(f"/history/proposals/{proposal.pk}/", {"version": first.pk})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title, proposal.description) == ("Un banc", "Sous le tilleul.")
    restore = PROPOSALS.version_model.objects.filter(pgh_obj_id=proposal.pk).latest("pgh_id")
    assert restore.title == "Un banc"
    assert restore.pgh_context.metadata == {
        "user": person.pk,
        "url": f"/history/proposals/{proposal.pk}/",
        "restored_version": first.pk,
    }


def test_a_resident_neither_sees_nor_restores_a_history(client, loos):
    proposal = ProposalFactory(commune=loos, title="Un banc")
    first = PROPOSALS.version_model.objects.get(pgh_obj_id=proposal.pk)
    Proposal.objects.filter(pk=proposal.pk).update(title="Autre titre")
    client.force_login(UserFactory())
    assert client.get(f"/history/proposals/{proposal.pk}/").status_code == 403
    response = client.post(f"/history/proposals/{proposal.pk}/", {"version": first.pk})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.title == "Autre titre"


def test_the_restore_form_is_refused_without_its_csrf_token(loos):
    from django.test import Client

    proposal = ProposalFactory(commune=loos, title="Un banc")
    first = PROPOSALS.version_model.objects.get(pgh_obj_id=proposal.pk)
    Proposal.objects.filter(pk=proposal.pk).update(title="Autre titre")
    client = Client(enforce_csrf_checks=True)
    client.force_login(planner())
    response = client.post(f"/history/proposals/{proposal.pk}/", {"version": first.pk})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.title == "Autre titre"


def test_the_history_page_lists_the_versions_in_french(client, loos):
    comment = CommentFactory(proposal=ProposalFactory(commune=loos), body="Premier jet.")
    Comment.objects.filter(pk=comment.pk).update(body="Texte corrigé.")
    client.force_login(planner())
    page = client.get(f"/history/comments/{comment.pk}/").content.decode()
    assert "Historique" in page
    assert "2 versions sont conservées" in page
    assert "Premier jet." in page and "Texte corrigé." in page
    assert "Restaurer cette version" in page


def test_erasing_an_account_leaves_no_comment_text_or_contact_in_the_history(loos):
    person = UserFactory()
    comment = CommentFactory(proposal=ProposalFactory(commune=loos), author=person, body="Moi.")
    Comment.objects.filter(pk=comment.pk).update(body="Toujours moi, camille@example.org.")
    project = FiftyFiftyProject.objects.create(
        commune=loos,
        proposal=ProposalFactory(commune=loos),
        applied_by=person,
        collective_name="Les jardiniers",
        contact_name="Camille Martin",
        contact_email="camille@example.org",
        contact_phone="0601020304",
        total_budget=1000,
    )
    user_erase(user=person)
    assert set(_bodies(comment)) == {""}
    contacts = FIFTY_FIFTY.version_model.objects.filter(pgh_obj_id=project.pk).values_list(
        "contact_name", "contact_email", "contact_phone"
    )
    assert set(contacts) == {("", "", "")}


def test_a_planner_finds_the_history_from_the_proposal_page_and_the_admin(client, loos):
    proposal = ProposalFactory(commune=loos)
    address = f"/history/proposals/{proposal.pk}/"
    person = planner()
    person.is_staff = True
    person.save()
    client.force_login(person)
    assert address in client.get(proposal.get_absolute_url()).content.decode()
    admin_page = client.get(f"/admin/mapping/proposal/{proposal.pk}/change/")
    assert address in admin_page.content.decode()
    client.force_login(UserFactory())
    assert address not in client.get(proposal.get_absolute_url()).content.decode()
