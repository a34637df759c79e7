"""The OpenAPI document tells the truth: schemathesis sends generated requests, valid and
invalid, to every operation of a live gateway, and every answer must be documented there.

Per answer: no server error, a status the operation documents, its documented content type,
headers and body (the typed success bodies; the error body of gateway.responses); an invalid
request must be refused. Bounded and deterministic: a fixed number of examples per operation
and mode, derandomized; nothing is written to the work tree (no example database)."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.errors import Unsatisfiable
from requests.structures import CaseInsensitiveDict
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from rldomain.declared import ContextField
from rldomain.study import load_studies
from rlservice.admin_client import create_client, login
from tests.support.api import Api, wait_ready
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e
Operation = APIOperation[Any, Any, Any, Any]
AnyCase = Case[Any]

EXAMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 25}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Routes for deployment admins (and the dead letters: an admin sees all) get the admin's token,
# the others the client holding every role in every study; /v1/bootstrap gets ADMIN_TOKEN, and
# /auth/logout a token of its own per call.
FOR_ADMINS = ("/auth/register", "/v1/clients", "/v1/audit", "/v1/dead-letters")
STUDY_PHASE = ("/v1/studies/{study_id}/live", "/v1/studies/{study_id}/reset")  # admins' too
# uvicorn's own answer to bytes it cannot parse as HTTP: the request never reached the
# application, so no OpenAPI document can describe it. Seen once (30 November 2026, a GET of the
# distribution route in a full `make test`) and not reproduced: the same request sent alone is
# parsed. So it is counted and allowed a few times, not validated.
UNPARSEABLE = (400, "Invalid HTTP request received.")
MIWAVES_ROUTES = ("/register", "/actions", "/end_decision_window")
# A value of each kind of context field (rldomain.study): the action routes then decide.
SAMPLES: dict[str, Any] = {
    "bool": True,
    "int": 1,
    "float": 0.5,
    "str": "a",
}


def sample(field: ContextField) -> Any:
    """A value the field accepts: "NA" where it may be missing."""
    if field.missing == "allowed":
        return "NA"
    return [SAMPLES[str(field.items)]] if field.type == "list" else SAMPLES[field.type]


@pytest.fixture
def fuzzed(stack: Stack, tmp_path: Path) -> Iterator[Api]:
    """The action path running, as for `api`; the fuzzer fails logins on purpose, so the
    address limit is raised: its own logins (for /auth/logout) must not be refused."""
    stack.start("gateway", LOGIN_FAILURES_PER_ADDRESS="100000")
    stack.start("decision")
    wait_ready(stack)
    client = Api(stack)
    set_hypothesis_home_dir(tmp_path)  # Hypothesis's caches, out of the work tree
    yield client
    set_hypothesis_home_dir(None)
    client.http.close()


def test_every_operation_answers_as_its_openapi_document_says(fuzzed: Api) -> None:
    schema = schemathesis.openapi.from_url(f"{fuzzed.stack.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    assert len(operations) == len(list(schema.get_all_operations())) >= 38
    fuzzer = Fuzzer(Callers(fuzzed))
    for operation in operations:
        for mode in EXAMPLES:
            fuzzer.fuzz(operation, mode)

    report = [f"{label}:\n" + "\n".join(found) for label, found in fuzzer.failures.items()]
    assert not report, f"{len(report)} operations answer off their document:\n" + "\n".join(report)
    assert fuzzer.unparseable <= 3, f"{fuzzer.unparseable} requests not parsed as HTTP"
    # Authenticated, and let in: else only the gate would have been tested.
    gated = [label for label, seen in fuzzer.statuses.items() if set(seen) <= {401, 403}]
    assert not gated, f"answered nothing but 401 or 403: {gated}"


class Callers:
    """Who sends each generated request, and the ids that exist in this deployment."""

    def __init__(self, api: Api) -> None:
        self.api, settings = api, api.stack.settings()
        self.admin_token = settings.admin_token.get_secret_value()
        self.username, self.password = f"fuzz-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
        create_client(api.stack.url, api.admin_token, self.username, self.password, [])
        self.register = {
            settings.justin_study: api.add_justin_user,
            settings.miwaves_study: api.register_miwaves,
        }
        self.participants = {study: register() for study, register in self.register.items()}
        self.miwaves, self.justin = settings.miwaves_study, settings.justin_study
        studies = load_studies(settings.studies_dir)
        self.contexts = {
            s: {name: sample(field) for name, field in studies[s].context.items()}
            for s in self.participants
        }
        for study, participant in self.participants.items():  # writes each study's version 1
            body: dict[str, Any] = {"participant_id": participant, "context": self.contexts[study]}
            if studies[study].schedule.kind == "client_indexed":
                body["decision_index"] = 0
            decided = api.post(f"/v1/studies/{study}/actions", body)
            assert decided.status_code == 200, decided.text

    def token(self, case: AnyCase) -> str:
        path = case.operation.path
        if path == "/v1/bootstrap":
            return self.admin_token
        if path == "/auth/logout":  # it revokes the token it is sent with
            return login(self.api.http, self.username, self.password)
        admins = path.startswith(FOR_ADMINS) or path in STUDY_PHASE
        return self.api.admin_token if admins else self.api.token

    def aim(self, case: AnyCase, study: str) -> None:
        """Points the case's study and participant (or user) ids at ones that exist, and gives
        it a valid context, so that it gets past the role checks and the look-ups to the use
        cases behind them. New containers, assigned: schemathesis then knows what changed."""
        path = dict(case.path_parameters or {})
        if "study_id" in path:
            path["study_id"] = study
        elif case.operation.path.startswith("/api/v1/"):
            study = self.justin
        elif case.operation.path in MIWAVES_ROUTES:
            study = self.miwaves
        # Ending or withdrawing is for good: those get a participant of their own.
        ending = case.operation.path.endswith("/status")
        participant = self.register[study]() if ending else self.participants[study]
        known: dict[str, Any] = {
            "participant_id": participant,
            "user_id": participant,
            "context": self.contexts[study],
        }
        case.path_parameters = {**path, **{k: v for k, v in known.items() if k in path}}
        if isinstance(case.body, dict):
            case.body = {**case.body, **{k: v for k, v in known.items() if k in case.body}}
        if case.operation.path.endswith("/distribution"):
            # Version 1 of each study exists (see __init__); a context is sent as JSON text, and
            # a state with it would be refused.
            case.path_parameters = {**case.path_parameters, "version": 1}
            query = {k: v for k, v in (case.query or {}).items() if k != "state"}
            if "participant_id" in query:
                query["participant_id"] = participant
            case.query = {**query, "context": json.dumps(self.contexts[study])}


class Fuzzer:
    """Runs the generated requests of one operation and mode, and keeps what they found."""

    def __init__(self, callers: Callers) -> None:
        self.callers, self.url = callers, callers.api.stack.url
        self.failures: dict[str, list[str]] = {}  # the first few per operation and mode
        self.statuses: dict[str, Counter[int]] = {}  # per operation, how often each came
        self.unparseable = 0  # answers of uvicorn itself (UNPARSEABLE)

    def fuzz(self, operation: Operation, mode: GenerationMode) -> None:
        checks = [*CHECKS, *([negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])]
        if operation.path == "/healthz":  # its 503 is documented: ingest and trainer don't run
            checks.remove(not_a_server_error)
        label = f"{operation.label} ({mode.value})"
        statuses = self.statuses.setdefault(operation.label, Counter())
        # Valid requests go to existing ids two times out of three (None: the generated ones
        # stay); invalid requests keep theirs, which may be what is invalid about them.
        aims = [None, *sorted(self.callers.participants)]
        studies = st.sampled_from(aims if mode is GenerationMode.POSITIVE else [None])

        @settings(
            max_examples=EXAMPLES[mode],
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.generate],  # no shrinking: record the failure, go on
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode), study=studies)
        def run(case: AnyCase, study: str | None) -> None:
            if study is not None:
                self.callers.aim(case, study)
            # In the case itself, not as extra headers: schemathesis then knows what is sent.
            headers = CaseInsensitiveDict(case.headers)
            headers["Authorization"] = f"Bearer {self.callers.token(case)}"
            case.headers = headers
            response = case.call(base_url=self.url)
            statuses[response.status_code] += 1
            if (response.status_code, response.text) == UNPARSEABLE:
                self.unparseable += 1
                return
            try:
                case.validate_response(response, checks=checks)
            except FailureGroup as failure:
                found = self.failures.setdefault(label, [])
                if len(found) < 3:
                    found.append(str(failure)[:1500])

        try:
            run()
        except Unsatisfiable:  # an operation that takes no input: nothing to make invalid
            assert mode is GenerationMode.NEGATIVE
