"""The 1 % overlap rule holds when farmers write at the same moment (real parallel requests)."""

import json

import requests
from rest_framework.authtoken.models import Token

from land_use.models import OrganicParcel
from land_use.services import parcel_register
from tests.concurrency import at_once
from tests.land_use.factories import farmer
from tests.land_use.parcels import field

URL = "/api/v1/parcels/"
# The French overlap sentences (land_use/services/parcels.py), as a farmer reads them.
OTHER_FARMERS = "une parcelle déclarée par un autre agriculteur"
YOUR_OWN = "de votre parcelle"


def _token(user) -> dict:
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}


def _payload(polygon, name: str) -> dict:
    return {
        "name": name,
        "code_cultu": "BTH",
        "stage": "AB",
        "certification_body": "ecocert",
        "certification_state": "certified",
        "campaign_year": 2025,
        "geometry": json.loads(polygon.geojson),
    }


def _request(method: str, url: str, headers: dict, payload: dict):
    return lambda: requests.request(method, url, json=payload, headers=headers, timeout=60)


def test_ten_parallel_registrations_of_one_field_by_two_farmers_store_exactly_one(
    live_server, loos_live
):
    """Two farmers send the same square ten times at once: one parcel, nine French refusals.

    Three trials, each on a new square; without the commune's lock every request found the
    square free and all ten were stored.
    """
    farmers = [farmer(), farmer()]
    headers = [_token(person) for person in farmers]
    for trial in range(3):
        square = field(trial, 3)
        senders = [index % 2 for index in range(10)]
        responses = at_once(
            [
                _request(
                    "post", live_server.url + URL, headers[sender], _payload(square, f"Champ {n}")
                )
                for n, sender in enumerate(senders)
            ]
        )
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [201] + [400] * 9, [r.text for r in responses]
        stored = OrganicParcel.objects.active().filter(geometry__intersects=square)
        assert stored.count() == 1
        winner = stored.get().farmer_id
        for sender, response in zip(senders, responses, strict=True):
            if response.status_code == 400:
                sentence = " ".join(response.json()["geometry"])
                own = farmers[sender].pk == winner
                assert (YOUR_OWN if own else OTHER_FARMERS) in sentence, sentence


def test_two_parallel_moves_onto_one_free_field_let_exactly_one_through(live_server, loos_live):
    """Two farmers move their parcels onto the same free square at once: one move is refused.

    Eight trials, each onto a new free square; without the lock both moves went through in
    the first few.
    """
    farmers = [farmer(), farmer()]
    headers = [_token(person) for person in farmers]
    parcels = [
        parcel_register(
            actor=person,
            commune=loos_live,
            geometry=field(index, 4),
            attributes={**_payload(field(0), f"Parcelle {index}"), "geometry": None},
        )
        for index, person in enumerate(farmers)
    ]
    for trial in range(8):
        free = field(trial, 1)
        move = {"geometry": json.loads(free.geojson)}
        responses = at_once(
            [
                _request("patch", f"{live_server.url}{URL}{parcel.pk}/", header, move)
                for parcel, header in zip(parcels, headers, strict=True)
            ]
        )
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200, 400], [r.text for r in responses]
        refused = next(r for r in responses if r.status_code == 400)
        assert OTHER_FARMERS in " ".join(refused.json()["geometry"])
        assert OrganicParcel.objects.active().filter(geometry__intersects=free).count() == 1
