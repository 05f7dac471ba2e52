"""The API fuzzed from the schema it serves: Schemathesis reads ``/api/v2/schema/`` from the
live test server, generates requests for every operation (valid and invalid ones) and checks
every answer: never a server error, and always what the schema says (status, content type,
body). Examples are bounded and derandomised, so a run is repeatable and quick."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance
from wagtail.models import APIToken

from moderation.models import Comment
from tests.factories import UserFactory
from tests.stories.comment_helpers import add_comment

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES = 25


@pytest.fixture
def fuzz_world(transactional_db, story):
    """A story with a thread and a held comment, and a moderator of its hub with a personal
    token: half the generated ids are replaced by these, so that requests reach real objects
    as well as missing ones, and the moderation endpoints answer more than 401."""
    root = add_comment(story, "A first thread")
    add_comment(story, "A reply", parent=root)
    add_comment(story, "Which seeds grow in shade?", state=Comment.State.HELD)
    moderator = UserFactory(username="fuzz-moderator", groups=[story.get_parent().specific.moderators_group])
    token = APIToken.create_token(user=moderator, name="Fuzzing")[1]
    return {"page_id": story.pk, "comment_id": root.pk, "token": token}


def operations(url):
    schema = schemathesis.openapi.from_url(url)
    return [result.ok() for result in schema.get_all_operations()]


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def fuzzer(operation, mode, base_url, world, headers):
    """Hypothesis' test of ``operation``: generated requests, ids half replaced by real ones."""

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case):
        for name, value in (case.path_parameters or {}).items():
            if name in world and isinstance(value, int) and value % 2 == 0:
                case.path_parameters[name] = world[name]
        case.call_and_validate(base_url=base_url, checks=CHECKS, headers=headers)

    return fuzz


def test_the_api_answers_as_its_schema_says(live_server, fuzz_world):
    """Valid and invalid requests to every operation the served schema lists; the moderation
    endpoints with a moderator's token."""
    listed = operations(f"{live_server.url}/api/v2/schema/")
    assert len(listed) >= 6, "the served schema lists no API: nothing would be fuzzed"
    for operation in listed:
        moderation = operation.path.startswith("/api/v2/moderation/")
        headers = {"Authorization": f"Bearer {fuzz_world['token']}"} if moderation else {}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzzer(operation, mode, live_server.url, fuzz_world, headers)()
            except Unsatisfiable:
                # Nothing of this operation can be made invalid (no parameters, no body).
                assert mode is GenerationMode.NEGATIVE, operation.label


def test_the_schema_describes_every_comments_operation(client):
    """The fuzzing above runs over what the schema lists: it must list the API, not nothing."""
    document = client.get("/api/v2/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operations = {(path, method) for path, methods in document["paths"].items() for method in methods}
    assert {
        ("/api/v2/discussions/{page_id}/", "get"),
        ("/api/v2/discussions/{page_id}/comments/", "post"),
        ("/api/v2/comments/{comment_id}/like/", "put"),
        ("/api/v2/comments/{comment_id}/reports/", "post"),
    } <= operations
