"""The generated clients (clients/, `make clients`) against the real stack, each used as a JustIn
backend would: register a user, ask for an action, upload its outcome, request an update with
a callback to a receiver on this machine, and poll the update until it and its callback are
settled. The Python client is installed in .venv (deploy/bootstrap.sh); the TypeScript one is
compiled by its pinned TypeScript and driven by tests/e2e/justin_client.mjs under Node.js."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rlservice_client import AuthenticatedClient
from rlservice_client.api.just_in_compatible import (
    justin_action,
    justin_add_user,
    justin_get_update,
    justin_request_update,
    justin_upload_data,
)
from rlservice_client.models import (
    JustInAction,
    JustInActionContext,
    JustInDecision,
    JustInUpload,
    JustInUser,
    UpdateAccepted,
    UpdateIn,
    UpdateStatus,
    UploadData,
    UploadDataContext,
    UploadDataOutcome,
)

from rlkernel.settings import PROJECT_ROOT
from tests.support.api import Api, new_id
from tests.support.callbacks import CallbackServer
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
TYPESCRIPT = PROJECT_ROOT / "clients" / "typescript"
WHEN = datetime(2025, 1, 1, 12, tzinfo=UTC)
CONTEXT = {"temperature": 21.5}


@pytest.fixture
def backend(stack: Stack) -> Iterator[str]:
    """The whole stack running, and the token of a client that is justin's backend."""
    for service in ("gateway", "decision", "ingest", "trainer"):
        stack.start(service)
    stack.wait_until(lambda r: r.get("status") == "ok", 60, "the whole stack ok")
    api = Api(stack)
    yield api.client(("justin", "backend"))
    api.http.close()


def test_the_python_client_drives_a_justin_study(stack: Stack, backend: str) -> None:
    user, receiver = new_id("py"), CallbackServer(fail_first=0)
    with (
        AuthenticatedClient(base_url=stack.url, token=backend) as client,
        receiver.serve() as callback_url,
    ):
        added = justin_add_user.sync_detailed(client=client, body=JustInUser(user_id=user))
        assert added.status_code == 201, added.content
        acted = justin_action.sync_detailed(
            client=client,
            body=JustInAction(
                user_id=user,
                timestamp=WHEN,
                decision_idx=0,
                context=JustInActionContext.from_dict(CONTEXT),
            ),
        )
        decision = acted.parsed
        assert acted.status_code == 201 and isinstance(decision, JustInDecision), acted.content
        assert decision.user_id == user
        data = UploadData(
            context=UploadDataContext.from_dict(CONTEXT),
            action=decision.action,
            action_prob=decision.action_prob,
            outcome=UploadDataOutcome.from_dict({"clicks": 3}),
        )
        uploaded = justin_upload_data.sync_detailed(
            client=client,
            body=JustInUpload(user_id=user, timestamp=WHEN, decision_idx=0, data=data),
        )
        assert uploaded.status_code == 201, uploaded.content
        accepted = justin_request_update.sync_detailed(
            client=client, body=UpdateIn(callback_url=callback_url)
        )
        update = accepted.parsed
        assert accepted.status_code == 202 and isinstance(update, UpdateAccepted)

        def status() -> UpdateStatus:
            answer = justin_get_update.sync(update.update_id, client=client)
            assert isinstance(answer, UpdateStatus), answer
            return answer

        final = wait_for(
            status,
            lambda s: s.status != "processing" and s.callback_status is not None,
            60,
            "the update and its callback settled",
        )
    assert (final.status, final.callback_status) == ("succeeded", "delivered")
    assert [call.body["update_id"] for call in receiver.calls] == [str(update.update_id)]


def test_the_typescript_client_drives_a_justin_study(
    stack: Stack, backend: str, tmp_path: Path
) -> None:
    node = shutil.which("node")
    assert node, "Node.js is missing: the TypeScript client is tested with Node.js 20.19 or later"
    subprocess.run([str(PROJECT_ROOT / "clients" / "install_tools.sh")], check=True)
    dist = tmp_path / "dist"
    tsc = TYPESCRIPT / "node_modules" / ".bin" / "tsc"
    compiled = subprocess.run(
        [str(tsc), "-p", str(TYPESCRIPT / "tsconfig.json"), "--outDir", str(dist)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    receiver = CallbackServer(fail_first=0)
    with receiver.serve() as callback_url:
        script = Path(__file__).with_name("justin_client.mjs")
        ran = subprocess.run(
            [node, str(script), str(dist), stack.url, backend, callback_url],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert ran.returncode == 0, ran.stderr
    seen = json.loads(ran.stdout)
    steps = {step: seen[step]["status"] for step in ("added", "action", "uploaded", "update")}
    assert steps == {"added": 201, "action": 201, "uploaded": 201, "update": 202}
    assert seen["action"]["body"]["user_id"] == seen["user"]
    final, update_id = seen["status"]["body"], seen["update"]["body"]["update_id"]
    assert (final["status"], final["callback_status"]) == ("succeeded", "delivered")
    assert [call.body["update_id"] for call in receiver.calls] == [update_id]
