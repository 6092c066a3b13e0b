from datetime import timedelta

from django.utils import timezone

from mapping.models import Consultation


def test_consultations_filter_open_ones(client, loos):
    closed = Consultation.objects.create(
        commune=loos,
        title="Ancienne concertation",
        opens_at=timezone.now() - timedelta(days=400),
        closes_at=timezone.now() - timedelta(days=300),
    )
    open_now = client.get("/api/v1/consultations/?open=true").json()["results"]
    assert closed.pk not in {c["id"] for c in open_now} and open_now
    assert all(c["is_open"] for c in open_now)
    past = client.get("/api/v1/consultations/?open=false").json()["results"]
    assert [c["id"] for c in past] == [closed.pk]
    assert client.get("/api/v1/consultations/?commune=62528").json()["count"] == 2


def test_consultations_are_read_only(client, loos):
    assert client.post("/api/v1/consultations/", {"title": "x"}).status_code in (403, 405)
