"""The statistics API is typed in its OpenAPI document, suppressed cells included, and every operation documents
its error answers; real answers, exact and suppressed, validate against the document."""

import json

import jsonschema_rs
import pytest
from django.test import Client

from samordna.interventions.models import Goal, GoalIndicator
from samordna.stats import reports

from .conftest import FROM, TO

STATS = {
    "participants": ("ParticipantReport", {"date_from": "2020-01-01", "date_to": "2020-12-31"}),
    "monthly": ("MonthlyReport", {"year": 2020}),
    "goals": ("GoalReport", {"date_from": "2020-01-01", "date_to": "2020-12-31"}),
    "finsam": ("FinsamReport", {"year": 2020}),
}


@pytest.fixture
def openapi(client):
    return client.get("/api/v1/openapi.json").json()


@pytest.fixture
def goal(world, year_2020):
    return Goal.objects.create(
        intervention=world.insats_a,
        text="Hälften till arbete eller studier",
        indicator=GoalIndicator.WORK_OR_STUDIES_SHARE,
        target=50,
    )


def _validator(openapi, ref: str):
    return jsonschema_rs.validator_for({"$ref": ref, "components": openapi["components"]})


def _answer_schema(openapi, path: str, status: str):
    answer = openapi["paths"][path]["get"]["responses"][status]
    return answer["content"]["application/json"]["schema"]


def _operations(openapi):
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _strings(value):
    if isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)
    elif isinstance(value, str):
        yield value


def test_the_four_statistics_answers_are_named_schemas_not_free_objects(openapi):
    components = openapi["components"]["schemas"]
    for name, (schema_name, _params) in STATS.items():
        schema = _answer_schema(openapi, f"/api/v1/forbund/{{forbund_slug}}/stats/{name}", "200")
        assert schema == {"$ref": f"#/components/schemas/{schema_name}"}
        assert components[schema_name]["type"] == "object" and components[schema_name]["properties"]


def test_a_suppressed_count_is_typed_as_a_number_or_a_string(openapi):
    report = openapi["components"]["schemas"]["ParticipantReport"]

    enrolled = report["properties"]["enrolled"]
    assert {t["type"] for t in enrolled["anyOf"]} == {"integer", "string"}
    assert "<5" in enrolled["description"]
    assert {"from", "to", "by_sex", "employment_studies", "follow_up"} <= set(report["properties"])
    finsam = openapi["components"]["schemas"]["FinsamInsats"]
    assert finsam["properties"]["budget"]["type"] == "integer"


def test_every_operation_documents_its_error_answers(openapi):
    operations = list(_operations(openapi))
    assert len(operations) >= 10
    for path, method, operation in operations:
        answers = operation["responses"]
        assert "401" in answers, (method, path)
        if "{forbund_slug}" in path:
            assert {"403", "404", "422"} <= set(answers), (method, path)
            assert answers["404"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
        if operation.get("parameters"):
            assert "422" in answers, (method, path)


@pytest.mark.parametrize("persona", ["admin", "board", "handler"])
def test_real_answers_validate_against_the_document(world, year_2020, goal, openapi, login_as, persona):
    client = login_as(getattr(world.people, persona))
    suppressed_strings = []
    for name, (schema_name, params) in STATS.items():
        response = client.get(f"/api/v1/forbund/alfa/stats/{name}", params)
        if response.status_code == 403:
            assert name == "finsam"
            _validator(openapi, "#/components/schemas/ErrorOut").validate(response.json())
            continue
        assert response.status_code == 200, (name, response.content)
        body = response.json()
        _validator(openapi, f"#/components/schemas/{schema_name}").validate(body)
        suppressed_strings += [s for s in _strings(body) if s.startswith("<") or s == "x"]
    if persona == "board":
        assert suppressed_strings  # the string values of hidden cells were validated too


def test_the_typed_answer_is_the_report_unchanged(world, year_2020, goal, login_as):
    client = login_as(world.people.board)

    body = client.get("/api/v1/forbund/alfa/stats/participants", STATS["participants"][1]).json()
    goals = client.get("/api/v1/forbund/alfa/stats/goals", STATS["goals"][1]).json()

    threshold = world.a.suppression_threshold
    expected = reports.participants(world.a, FROM, TO, None, threshold)
    assert body == json.loads(json.dumps(expected, default=str))
    assert goals["goals"][0]["goals"][0]["goal"] == "Hälften till arbete eller studier"
    assert goals["goals"][0]["goals"][0]["target"] == "≥ 50 %"


def test_error_answers_validate_against_the_document(world, year_2020, openapi, login_as):
    error = _validator(openapi, "#/components/schemas/ErrorOut")
    invalid = _validator(openapi, "#/components/schemas/ValidationErrorOut")

    anonymous = Client().get("/api/v1/forbund/alfa/stats/participants")
    assert anonymous.status_code == 401
    error.validate(anonymous.json())

    outsider = login_as(world.people.outsider).get("/api/v1/forbund/alfa/stats/participants")
    assert outsider.status_code == 404
    error.validate(outsider.json())

    client = login_as(world.people.admin)
    backwards = client.get("/api/v1/forbund/alfa/stats/goals", {"date_from": "2020-12-31", "date_to": "2020-01-01"})
    assert backwards.status_code == 422
    invalid.validate(backwards.json())
    unparsable = client.get("/api/v1/forbund/alfa/stats/monthly", {"year": "tjugotjugo"})
    assert unparsable.status_code == 422
    invalid.validate(unparsable.json())
    assert isinstance(unparsable.json()["detail"], list)
