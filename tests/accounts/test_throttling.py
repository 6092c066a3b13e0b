"""Sign-ups are limited per address, in the database (accounts/throttling.py)."""

from accounts.models import User

PASSWORD = "un mot de passe solide"


def _sign_up(client, email):
    return client.post(
        "/accounts/signup/",
        {"email": email, "display_name": "Alix", "password1": PASSWORD, "password2": PASSWORD},
    )


def test_sign_ups_beyond_the_limit_of_an_address_get_the_form_again_with_429(client, db, settings):
    settings.WRITE_LIMITS = {**settings.WRITE_LIMITS, "signup": {"address": "2/h"}}
    assert _sign_up(client, "un@example.org").status_code == 302
    client.logout()
    assert _sign_up(client, "deux@example.org").status_code == 302
    client.logout()
    refused = _sign_up(client, "trois@example.org")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    html = refused.content.decode()
    assert "Votre connexion a envoyé trop d’inscriptions : au plus 2 en 1 heure" in html
    assert 'value="trois@example.org"' in html
    assert not User.objects.filter(email="trois@example.org").exists()
    # Another address signs up.
    other = client.post(
        "/accounts/signup/",
        {
            "email": "quatre@example.org",
            "display_name": "Sam",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 302
