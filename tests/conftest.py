import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses database access
# from a thread with a running loop unless told that this is deliberate (it is, in tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def loos(db):
    """Loos-en-Gohelle with its reference data, loaded by the same code as `manage.py load_loos`."""
    from onboarding.management.commands.load_loos import FIXTURES
    from onboarding.reference_data import LOOS_EN_GOHELLE, load_commune
    from territory.models import Commune

    load_commune(FIXTURES, LOOS_EN_GOHELLE)
    return Commune.objects.get(insee="62528")


@pytest.fixture
def loos_live(transactional_db):
    """Loos-en-Gohelle committed, where a live server's (or gunicorn's) connections can see it."""
    from onboarding.management.commands.load_loos import FIXTURES
    from onboarding.reference_data import LOOS_EN_GOHELLE, load_commune
    from territory.models import Commune

    load_commune(FIXTURES, LOOS_EN_GOHELLE)
    return Commune.objects.get(insee="62528")


@pytest.fixture(autouse=True)
def french_by_default():
    """Each test starts in French, the users' language, whatever a previous request activated.

    LocaleMiddleware activates the language a request asks for and leaves it active in the
    thread; without this, a test asking for English would change the words of the next ones.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches: one test's requests must not spend another's rate
    limits, and the tile cache outlives a rolled-back transaction and the versions it was keyed
    by."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
