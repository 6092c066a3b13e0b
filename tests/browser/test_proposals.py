"""Residents draw proposals on the map, comment and support them, in Chromium."""

import re

import pytest
from django.core import mail

from mapping.models import Proposal, Support
from tests.browser.helpers import (
    LAYERS_DRAWN,
    STRONG_PASSWORD,
    draw_point,
    draw_polygon,
    log_in,
    make_room_to_draw,
    open_map,
    tab_to,
    verified_resident,
    wait_until_still,
    zoom_to_town_centre,
)
from tests.geometries import TOWN_CENTRE

pytestmark = pytest.mark.browser

LON, LAT = TOWN_CENTRE
D = 0.0008
SQUARE = [(LON - D, LAT - D), (LON + D, LAT - D), (LON + D, LAT + D), (LON - D, LAT + D)]
BOWTIE = [(LON - D, LAT - D), (LON + D, LAT + D), (LON + D, LAT - D), (LON - D, LAT + D)]


def test_a_new_resident_signs_up_confirms_logs_in_draws_an_area_and_sees_it_on_the_map(
    live_server, loos_live, page, settings
):
    # The confirmation email links to the site's public address: here, the live server.
    settings.SITE_URL = live_server.url
    page.goto(live_server.url + "/accounts/signup/")
    page.fill("input[name=email]", "camille@example.org")
    page.fill("input[name=display_name]", "Camille")
    page.fill("input[name=password1]", STRONG_PASSWORD)
    page.fill("input[name=password2]", STRONG_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))

    page.fill("input[name=login]", "camille@example.org")
    page.fill("input[name=password]", STRONG_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")

    map_name = open_map(page, live_server)
    zoom_to_town_centre(page, map_name)
    make_room_to_draw(page, map_name)
    draw_polygon(page, map_name, SQUARE)
    form = page.locator("#proposal-form")
    form.get_by_label("Titre").fill("Un verger partagé rue de la Gare")
    form.get_by_label("Description").fill("Des pommiers et des poiriers pour le quartier.")
    form.get_by_label("Catégorie").select_option("nature")
    form.get_by_role("button", name="Envoyer ma proposition").click()

    page.get_by_text("Merci : votre proposition est sur la carte.").wait_for()
    listed = page.locator("#proposal-list-items li", has_text="Un verger partagé rue de la Gare")
    assert listed.is_visible()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Un verger partagé rue de la Gare" in popup.inner_text()
    proposal = Proposal.objects.get(title="Un verger partagé rue de la Gare")
    assert proposal.author.display_name == "Camille"
    assert proposal.author.groups.filter(name="resident").exists()
    assert proposal.geometry.geom_type == "Polygon"
    assert len(proposal.geometry.coords[0]) == len(SQUARE) + 1  # every corner, and closed

    assert page.watcher.console_errors == []
    page.reload()
    # A reload aborts what the previous page was still fetching (its favicon): not a failure.
    page.watcher.failed_requests.clear()
    page.wait_for_selector(LAYERS_DRAWN)
    page.wait_for_load_state("networkidle")
    listed = page.locator("#proposal-list-items li", has_text="Un verger partagé rue de la Gare")
    assert listed.is_visible()
    # Its shape is on the map: the list opens its popup there.
    listed.get_by_role("button", name="Voir sur la carte").click()
    page.locator(
        ".leaflet-popup-content h2", has_text="Un verger partagé rue de la Gare"
    ).wait_for()
    assert page.watcher.console_errors == []
    assert page.watcher.failed_requests == []


def test_a_second_resident_comments_and_supports_and_the_count_is_one_after_a_reload(
    live_server, loos_live, page
):
    proposal = Proposal.objects.filter(commune=loos_live, status="submitted").first()
    Support.objects.filter(proposal=proposal).delete()
    neighbour = verified_resident(display_name="Dominique")
    log_in(page, live_server, neighbour)
    page.goto(live_server.url + proposal.get_absolute_url())
    page.get_by_label("Votre commentaire").fill("Je viendrai planter un arbre.")
    page.get_by_role("button", name="Publier mon commentaire").click()
    page.get_by_text("Votre commentaire est publié.").wait_for()
    assert page.locator(".comment__body", has_text="Je viendrai planter un arbre.").is_visible()

    page.get_by_role("button", name="Soutenir cette proposition").click()
    page.get_by_text("Merci pour votre soutien.").wait_for()
    page.reload()
    assert page.locator("#support-count").inner_text() == "1 soutien"
    assert page.get_by_role("button", name="Retirer mon soutien").is_visible()
    assert Support.objects.filter(proposal=proposal, user=neighbour).count() == 1
    assert "Dominique" in page.locator(".comment__meta").first.inner_text()


def test_an_anonymous_drawing_is_offered_the_login_and_survives_it(live_server, loos_live, page):
    resident = verified_resident()
    map_name = open_map(page, live_server)
    zoom_to_town_centre(page, map_name)
    draw_point(page, map_name, LON, LAT)
    page.get_by_text("Connectez-vous ou créez un compte pour envoyer votre idée").wait_for()
    assert page.locator("#proposal-form").is_hidden()

    page.locator("#propose-feedback").get_by_role("link", name="Se connecter").click()
    page.fill("input[name=login]", resident.email)
    page.fill("input[name=password]", STRONG_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")

    page.get_by_text("Votre dessin a été conservé").wait_for()
    page.get_by_label("Titre").fill("Un banc devant l'école")
    page.get_by_label("Description").fill("Pour attendre les enfants à l'ombre.")
    # No category is chosen for the resident: they choose one.
    page.locator("#proposal-form").get_by_label("Catégorie").select_option("public_space")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.get_by_text("Merci : votre proposition est sur la carte.").wait_for()
    proposal = Proposal.objects.get(title="Un banc devant l'école")
    assert proposal.author == resident
    assert proposal.geometry.geom_type == "Point"
    assert proposal.geometry.distance(type(proposal.geometry)(LON, LAT, srid=4326)) < 0.0001


def test_a_self_intersecting_area_gets_a_message_on_the_page_and_nothing_is_stored(
    live_server, loos_live, page
):
    log_in(page, live_server, verified_resident())
    before = Proposal.objects.count()
    map_name = open_map(page, live_server)
    zoom_to_town_centre(page, map_name)
    make_room_to_draw(page, map_name)
    draw_polygon(page, map_name, BOWTIE)
    page.get_by_label("Titre").fill("Un nœud papillon")
    page.get_by_label("Description").fill("Une surface qui se croise.")
    page.locator("#proposal-form").get_by_label("Catégorie").select_option("nature")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    message = page.locator("#drawing-error")
    message.wait_for()
    assert "se croise" in message.inner_text()
    assert "50.458" in message.inner_text()
    assert Proposal.objects.count() == before
    # Nothing typed is lost: the form is still there with its title.
    assert page.get_by_label("Titre").input_value() == "Un nœud papillon"


def test_keyboard_only_from_the_list_a_resident_opens_a_proposal_and_supports_it(
    live_server, loos_live, page
):
    resident = verified_resident()
    log_in(page, live_server, resident)
    proposal = Proposal.objects.filter(commune=loos_live, status="submitted").first()
    open_map(page, live_server)
    tab_to(
        page,
        "el.matches('#proposal-list-items a') && el.textContent === "
        + repr(proposal.title).replace("'", '"'),
    )
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + proposal.get_absolute_url())
    tab_to(
        page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Soutenir cette proposition'"
    )
    page.keyboard.press("Enter")
    page.get_by_text("Merci pour votre soutien.").wait_for()
    assert Support.objects.filter(proposal=proposal, user=resident).exists()


def test_keyboard_only_a_resident_moves_the_map_and_proposes_a_point_at_its_centre(
    live_server, loos_live, page
):
    resident = verified_resident()
    log_in(page, live_server, resident)
    map_name = open_map(page, live_server)
    zoom_to_town_centre(page, map_name)
    before = page.evaluate(f"window['{map_name}'].getCenter()")

    tab_to(page, "el.classList.contains('folium-map')")  # the map itself takes the focus
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)
    after = page.evaluate(f"window['{map_name}'].getCenter()")
    assert after["lng"] > before["lng"]

    tab_to(page, "el.id === 'propose-centre'")
    # Tabbing past the markers inside the map may have moved it again: the point goes where the
    # map's centre is when the button is pressed, once the map has stopped moving.
    wait_until_still(page, map_name)
    centre = page.evaluate(f"window['{map_name}'].getCenter()")
    page.keyboard.press("Enter")
    page.keyboard.type("Un banc face aux terrils")  # the form opened on its title
    page.keyboard.press("Tab")
    page.keyboard.type("Pour regarder le coucher de soleil sur les terrils jumeaux.")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the first category: none is chosen for the resident
    tab_to(page, "el.textContent.trim() === 'Envoyer ma proposition'")
    page.keyboard.press("Enter")
    page.get_by_text("Merci : votre proposition est sur la carte.").wait_for()

    proposal = Proposal.objects.get(title="Un banc face aux terrils")
    assert proposal.author == resident
    assert proposal.geometry.geom_type == "Point"
    assert proposal.geometry.x == pytest.approx(centre["lng"], abs=1e-6)
    assert proposal.geometry.y == pytest.approx(centre["lat"], abs=1e-6)
    assert page.watcher.console_errors == []


def test_the_author_reshapes_their_area_on_its_page_and_the_new_shape_is_stored(
    live_server, loos_live, page
):
    from mapping.services import proposal_create
    from tests.geometries import square

    author = verified_resident()
    proposal = proposal_create(
        author=author,
        commune=loos_live,
        title="Un jardin partagé",
        description="Des carrés potagers.",
        category="nature",
        geometry=square(),
    )
    before = proposal.geometry.clone()
    log_in(page, live_server, author)
    page.goto(live_server.url + proposal.get_absolute_url())
    page.locator(".leaflet-draw-edit-edit").click()
    vertex = page.locator(".leaflet-editing-icon").first
    box = vertex.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 40, box["y"] + 30, steps=5)
    page.mouse.up()
    page.locator(".leaflet-draw-actions a", has_text="Enregistrer").click()
    page.get_by_text("Le nouveau dessin est enregistré.").wait_for()
    proposal.refresh_from_db()
    assert not proposal.geometry.equals(before)
    assert proposal.geometry.geom_type == "Polygon" and proposal.geometry.valid
    assert page.watcher.console_errors == []
