"""On a phone, a planner answers a proposal on its page; its author reads the answer on
“Mes propositions”."""

import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role
from mapping.models import ProposalStatusChange
from tests.accounts.factories import UserFactory
from tests.browser.helpers import log_in, menu_link
from tests.browser.test_accessibility import _serious_violations
from tests.mapping.factories import ProposalFactory

pytestmark = pytest.mark.browser

ANSWER = "Retenue : un banc sera posé devant la mairie au printemps."
# Screenshots to look at (not compared): outside the repository.
SCREENSHOTS = Path(tempfile.gettempdir()) / "cadre-de-vie-screenshots"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="fr-FR",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    yield context
    context.close()


def test_a_planner_answers_on_a_phone_and_the_author_reads_it_on_my_proposals(
    live_server, loos_live, phone
):
    author = UserFactory(display_name="Camille")
    planner = UserFactory(is_staff=True, display_name="Service urbanisme")
    planner.groups.add(Group.objects.get(name=Role.PLANNER))
    proposal = ProposalFactory(commune=loos_live, author=author, title="Un banc place de la mairie")

    page = phone.new_page()
    log_in(page, live_server, planner)
    page.goto(live_server.url + proposal.get_absolute_url())
    form = page.locator("#answer-form")
    form.scroll_into_view_if_needed()
    # The form fits the phone's width: nothing to scroll sideways to reach it.
    box = form.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "answer-form-phone.png"), full_page=True)
    assert _serious_violations(page) == []

    form.get_by_label("Nouveau statut").select_option("accepted")
    form.get_by_label("Réponse publique").fill(ANSWER)
    form.get_by_role("button", name="Publier la réponse").tap()
    page.get_by_text("La réponse est publiée").wait_for()
    history = page.locator("#history")
    assert "Service urbanisme" in history.inner_text()
    assert ANSWER in history.inner_text()
    assert ProposalStatusChange.objects.filter(proposal=proposal, to_status="accepted").exists()
    page.close()

    page = phone.new_page()
    phone.clear_cookies()
    log_in(page, live_server, author)
    page.goto(live_server.url + "/")
    menu_link(page, "Mes propositions").tap()
    page.wait_for_url(live_server.url + "/my/proposals/")
    item = page.locator(f"#my-proposal-{proposal.pk}")
    assert "Retenue" in item.inner_text()
    assert ANSWER in item.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "my-proposals-phone.png"), full_page=True)
    assert _serious_violations(page) == []
