"""schemathesis against the app (WSGI, no network): requests generated from /api/openapi.json.

Every described operation gets EXAMPLES generated requests, valid and invalid ones, on the seed
data: none may answer 5xx, and every answer must be described (status, media type, body schema).
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 15
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
#: The description of the description is checked in test_openapi.py; the page is HTML.
SKIPPED = {"openapi", "docs"}


def test_generated_requests_get_described_answers(seeded_app):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", seeded_app)
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if op.definition.raw.get("operationId") not in SKIPPED]
    assert len(operations) >= 17
    for operation in operations:
        for mode in ("positive", "negative"):

            @given(case=operation.as_strategy(generation_mode=schemathesis.GenerationMode(mode)))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            def run(case):
                response = case.call(headers={"Accept-Encoding": "identity"})  # not gzipped
                case.validate_response(response, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:  # nothing of it can be made invalid (no parameters, any text is a slug)
                assert mode == "negative"
            except Exception as error:  # one operation's failure; the others still run
                failures.append(f"{operation.label} ({mode}): {str(error)[:1500]}")
    assert failures == [], "\n\n".join(failures)
