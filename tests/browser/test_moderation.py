"""A moderator works through /moderation/ in Chromium: restores a hidden proposal, and the page
passes axe-core."""

import re

import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role
from mapping import services
from mapping.models import ModerationAction, Proposal
from tests.accounts.factories import UserFactory
from tests.browser.helpers import log_in
from tests.browser.test_accessibility import _serious_violations
from tests.mapping.factories import CommentFactory, ConsultationFactory, ProposalFactory

pytestmark = pytest.mark.browser


def _moderator():
    user = UserFactory(display_name="Mona Modératrice")
    user.groups.add(Group.objects.get(name=Role.MODERATOR))
    return user


def _queue(loos, moderator):
    consultation = ConsultationFactory(commune=loos)
    hidden = ProposalFactory(
        commune=loos, consultation=consultation, title="Un parking sur le terril"
    )
    services.content_hide(moderator=moderator, proposal=hidden, reason="Doublon d’une autre idée.")
    reported = ProposalFactory(commune=loos, consultation=consultation, title="Des bancs au parc")
    services.report_create(
        reporter=UserFactory(), proposal=reported, reason="off_topic", details="Rien à voir"
    )
    comment = CommentFactory(proposal=reported, body="Un commentaire signalé")
    services.report_create(reporter=UserFactory(), comment=comment, reason="abusive")
    blocked = UserFactory(display_name="Bruno Bloqué")
    services.account_block(moderator=moderator, person=blocked, reason="Publicité répétée.")
    return hidden


def test_a_moderator_restores_a_hidden_proposal_from_the_queue(live_server, loos_live, page):
    moderator = _moderator()
    hidden = _queue(loos_live, moderator)
    log_in(page, live_server, moderator)
    page.goto(live_server.url + "/moderation/")
    item = page.locator(f"#proposal-{hidden.pk}")
    assert "Doublon d’une autre idée." in item.inner_text()
    item.get_by_label("Note pour le journal (facultatif)").fill("Ce n’était pas un doublon.")
    item.get_by_role("button", name=re.compile("^Rétablir")).click()
    page.get_by_text("Rétabli : il est de nouveau affiché pour tous.").wait_for()

    assert not Proposal.objects.get(pk=hidden.pk).is_hidden
    act = ModerationAction.objects.filter(proposal=hidden).latest("pk")
    assert (act.action, act.moderator_id, act.reason) == (
        "restore",
        moderator.pk,
        "Ce n’était pas un doublon.",
    )
    # The log on the page says who did it and why; the proposal is back on its public page.
    log = page.get_by_role("table", name="Les derniers actes, du plus récent au plus ancien")
    assert "Ce n’était pas un doublon." in log.inner_text()
    assert "Mona Modératrice" in log.inner_text()
    page.context.clear_cookies()
    page.goto(live_server.url + hidden.get_absolute_url())
    assert page.get_by_role("heading", name="Un parking sur le terril", level=1).is_visible()


def test_the_moderation_page_has_no_serious_accessibility_violation(live_server, loos_live, page):
    """With hidden and reported proposals, a reported comment, a blocked account and the log."""
    moderator = _moderator()
    _queue(loos_live, moderator)
    log_in(page, live_server, moderator)
    page.goto(live_server.url + "/moderation/")
    page.locator("details.moderation-item__block summary").first.click()
    assert page.get_by_role("heading", name="Comptes bloqués").is_visible()
    assert _serious_violations(page) == []
