"""“Mes propositions”: a resident's own proposals with their status and answer, newest first;
and a hidden proposal explained to its author instead of a bare 404."""

from datetime import timedelta

from django.utils import timezone

from mapping.models import Proposal
from tests.accounts.factories import UserFactory
from tests.mapping.factories import ProposalFactory


def test_my_proposals_shows_mine_with_status_and_answer_newest_first(client, loos):
    me = UserFactory()
    older = ProposalFactory(commune=loos, author=me, title="Un verger partagé")
    Proposal.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - timedelta(days=3),
        status="accepted",
        answer="Retenue : plantation en novembre.",
    )
    newer = ProposalFactory(commune=loos, author=me, title="Une piste cyclable")
    ProposalFactory(commune=loos, title="L’idée de quelqu’un d’autre")
    client.force_login(me)
    page = client.get("/my/proposals/").content.decode()
    assert "Mes propositions" in page
    assert page.index(newer.title) < page.index(older.title)
    assert "Retenue : plantation en novembre." in page
    assert "Retenue" in page and "Déposée" in page
    assert "Pas encore de réponse." in page
    assert "L’idée de quelqu’un d’autre" not in page


def test_my_proposals_asks_to_log_in_and_is_linked_from_the_header(client, loos):
    response = client.get("/my/proposals/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    assert 'href="/my/proposals/"' in client.get("/").content.decode()


def test_my_hidden_proposal_tells_me_why_and_others_get_404(client, loos):
    me = UserFactory()
    hidden = ProposalFactory(commune=loos, author=me, is_hidden=True)
    client.force_login(me)
    response = client.get(f"/proposals/{hidden.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "masquée par la modération, en attente d’examen" in page
    assert "Ce que vous pouvez faire" in page
    assert "masquée par la modération" in client.get("/my/proposals/").content.decode()
    client.force_login(UserFactory())
    assert client.get(f"/proposals/{hidden.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/proposals/{hidden.pk}/").status_code == 404
