"""The OpenAPI document's promises that need no stack (tests/e2e/test_openapi_fuzz.py checks
them against a live gateway): every operation has a typed success body and documents our error
body, never FastAPI's; and the decision bodies, now sent through their response models, are
the bytes the views always produced (the MiWaves and JustIn contracts are promised exactly)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import jsonschema_rs
import pytest
from pydantic import TypeAdapter

from gateway import views
from gateway.app import create_app
from gateway.contexts import validate_context
from gateway.responses import Decision, JustInDecision, MiWavesDecision
from rldomain.errors import Invalid
from rldomain.study import Study, load_studies
from rlkernel.asyncapi import document
from rlkernel.events import DecisionMade
from rlkernel.settings import Settings
from rlkernel.topics import Topics
from tests.component.events import decision

REF = "#/components/schemas/"
CAMEL_CASE = re.compile(r"[a-z]+(?:[A-Z][a-z0-9]*)*")


def test_every_operation_documents_a_typed_body_and_the_error_body_on_its_statuses() -> None:
    document = create_app(Settings(_env_file=None)).openapi()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            # A server-sent event stream's success is text (its events are in its description)
            bodies = {
                status: next(iter(answer["content"].values()))["schema"]
                for status, answer in operation["responses"].items()
            }
            success = [s for s in bodies if s.startswith("2")]
            assert len(success) == 1, where
            streamed = list(operation["responses"][success[0]]["content"]) == ["text/event-stream"]
            assert "$ref" in bodies[success[0]] or streamed, where
            errors = {s: b for s, b in bodies.items() if int(s) >= 400}
            assert "503" in errors, where  # every route reads a store, /healthz its probes
            if path == "/healthz":
                continue
            assert all(b == {"$ref": REF + "Failure"} for b in errors.values()), where
            if "security" in operation:  # a bearer token: 401 without a valid one
                assert "401" in errors, where
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_every_operation_has_a_chosen_camel_case_operation_id() -> None:
    """Generated clients name their methods after operationIds, so each is chosen in its
    decorator: FastAPI's default (`act_v1_studies__study_id__actions_post`, never camelCase)
    changes whenever a function or a path is renamed. Unique, or two methods would collide."""
    document = create_app(Settings(_env_file=None)).openapi()
    ids = {
        f"{method.upper()} {path}": operation["operationId"]
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }
    assert {where: i for where, i in ids.items() if not CAMEL_CASE.fullmatch(i)} == {}
    assert len(set(ids.values())) == len(ids)
    assert ids["POST /v1/studies/{study_id}/actions"] == "requestAction"
    assert ids["POST /api/v1/action"] == "justinAction"


async def test_the_asyncapi_document_is_served_without_a_token_outside_the_openapi_one() -> None:
    settings = Settings(_env_file=None, rls_namespace="elsewhere")
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        response = await client.get("/asyncapi.json")
    assert response.status_code == 200, response.text
    assert response.json() == document(Topics("elsewhere"))
    assert "/asyncapi.json" not in app.openapi()["paths"]


@pytest.mark.parametrize(
    ("view", "model"),
    [("native", Decision), ("miwaves", MiWavesDecision), ("justin", JustInDecision)],
)
def test_a_decision_body_is_sent_as_the_view_wrote_it(
    view: str, model: type[Any], studies: dict[str, Study]
) -> None:
    shown: dict[str, Callable[[DecisionMade], dict[str, Any]]] = {
        "native": lambda d: views.native(d, studies["justin"]),
        "miwaves": views.miwaves,
        "justin": views.justin,
    }
    made = decision(rid=12, index=3).model_copy(
        update={"seed": 2**62 + 5, "probability": 0.734512, "state": [1.0, 23.5, -0.25]}
    )
    body, typed = shown[view](made), TypeAdapter(model)
    untyped = TypeAdapter(dict[str, Any])  # what FastAPI sent for `-> dict[str, Any]`
    assert typed.dump_json(typed.validate_python(body)) == untyped.dump_json(body)


def test_the_native_body_names_the_action_and_gives_every_actions_probability(
    studies: dict[str, Study],
) -> None:
    binary = views.native(
        decision(action=1).model_copy(update={"probability": 0.25}), studies["justin"]
    )
    assert (binary["action"], binary["action_name"]) == (1, studies["justin"].actions[1])
    assert (binary["probability"], binary["probabilities"]) == (0.25, [0.75, 0.25])
    three = studies["justin"].model_copy(update={"actions": ("none", "short", "long")})
    made = decision(action=2).model_copy(
        update={"probability": 0.3, "probabilities": [0.5, 0.3, 0.2]}
    )
    body = views.native(made, three)
    assert (body["action"], body["action_name"]) == (2, "long")
    assert (body["probability"], body["probabilities"]) == (0.3, [0.5, 0.3, 0.2])
    TypeAdapter(Decision).validate_python(body)


def test_the_action_route_documents_each_study_s_own_context_as_its_check_accepts_it() -> None:
    """Each study's body in the document accepts its example and refuses a mistyped field, as
    the gateway's own check does: the document and the validation come from one declaration."""
    settings = Settings(_env_file=None)
    document = create_app(settings).openapi()
    body = document["paths"]["/v1/studies/{study_id}/actions"]["post"]["requestBody"]
    content = body["content"]["application/json"]
    studies = load_studies(settings.studies_dir)
    assert set(content["examples"]) == set(studies)
    schemas = document["components"]["schemas"]
    for ref in content["schema"]["anyOf"]:
        schema = schemas[ref["$ref"].removeprefix(REF)]
        study = studies[schema["x-study"]]
        context = schema["properties"]["context"]["$ref"].removeprefix(REF)
        schema = {**schema, "properties": {**schema["properties"], "context": schemas[context]}}
        example = content["examples"][study.id]["value"]
        assert jsonschema_rs.is_valid(schema, example), study.id
        validate_context(study, example["context"])
        for name in study.context:
            wrong = {**example, "context": {**example["context"], name: {"not": "a value"}}}
            assert not jsonschema_rs.is_valid(schema, wrong), (study.id, name)
            with pytest.raises(Invalid):
                validate_context(study, wrong["context"])
