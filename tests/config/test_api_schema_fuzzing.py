"""A fuzzing run of the OpenAPI document: every operation of /api/schema/, called with data
schemathesis generates from the document itself, anonymously and with a resident's token.

No answer may be a 5xx, and none may contradict the document: its status code documented, its
content type and body as described, its headers as described. The run is small and
deterministic here (a few examples per operation, `derandomize`); `FUZZ_EXAMPLES=100` makes it
thorough (README "The API's schema").

One check of schemathesis is left out on purpose: "positive data acceptance" expects a 2xx for
every request the document allows, but the document cannot say everything the API refuses
with a sentence (a bbox whose minimum exceeds its maximum, a page past the last); those
refusals are documented as 400 and 404 with their body, which the other checks verify.
"""

import collections
import os

import pytest
import schemathesis
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from tests.accounts.factories import UserFactory
from tests.mapping.factories import CommentFactory, ProposalFactory

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))


def _fuzz(headers: dict) -> collections.Counter:
    """Every operation fuzzed; the failures found, by operation and kind."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    failures: collections.Counter = collections.Counter()
    for result in schema.get_all_operations():
        _fuzz_operation(result.ok(), headers, failures)
    return failures


def _fuzz_operation(operation, headers: dict, failures: collections.Counter) -> None:
    """Examples of one operation called; each failure counted by its title."""

    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def call(case):
        try:
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
        except BaseException as found:
            for failure in getattr(found, "exceptions", [found]):
                # The kind of failure and its first detail (the field, the status received).
                lines = [line for line in str(failure).splitlines() if line.strip()]
                title = " / ".join(lines[:2])
                failures[f"{operation.method.upper()} {operation.path}: {title}"] += 1

    call()


@pytest.fixture
def fuzz_data(loos_live):
    """The demonstration data, plus a hidden proposal and a comment, committed so that every
    request of the run sees them."""
    proposal = ProposalFactory(commune=loos_live)
    ProposalFactory(commune=loos_live, is_hidden=True)
    CommentFactory(proposal=proposal)
    return loos_live


@override_settings(ALLOWED_HOSTS=["*"])
def test_anonymous_fuzzing_finds_no_server_error_and_no_answer_contradicting_the_schema(
    fuzz_data,
):
    failures = _fuzz({})
    assert not failures, "\n".join(f"{count} × {key}" for key, count in failures.most_common())


@override_settings(ALLOWED_HOSTS=["*"])
def test_a_residents_fuzzing_finds_no_server_error_and_no_answer_contradicting_the_schema(
    fuzz_data,
):
    token = Token.objects.create(user=UserFactory())
    failures = _fuzz({"Authorization": f"Token {token.key}"})
    assert not failures, "\n".join(f"{count} × {key}" for key, count in failures.most_common())
