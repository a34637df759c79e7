"""GET /clients and /clients/{name}.tar.gz: the generated clients as archives, without auth,
only the named clients, nothing outside their directories, the same bytes for the same files."""

from __future__ import annotations

import io
import tarfile
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from gateway import client_archives
from gateway.app import create_app
from rlkernel.settings import PROJECT_ROOT, Settings


def client_for(directory: Path) -> httpx.AsyncClient:
    app = create_app(Settings(_env_file=None, clients_dir=directory))  # no lifespan: no stack
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway")


@pytest.fixture
async def http(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """A clients directory holding a Python client only, with what must not be shipped."""
    secret = tmp_path / "secret.txt"
    secret.write_text("not a client")
    top = tmp_path / "clients" / "python"
    (top / "rlservice_client" / "__pycache__").mkdir(parents=True)
    (top / "pyproject.toml").write_text("[project]\n")
    (top / "rlservice_client" / "__init__.py").write_text("")
    (top / "rlservice_client" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (top / "link.txt").symlink_to(secret)
    (top / "linked").symlink_to(tmp_path, target_is_directory=True)
    async with client_for(tmp_path / "clients") as http:
        yield http


def names(archive: bytes) -> list[str]:
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        return tar.getnames()


async def test_the_listing_names_the_clients_present_with_their_archives(
    http: httpx.AsyncClient,
) -> None:
    listing = await http.get("/clients")
    assert listing.status_code == 200
    python = {"name": "python", "generator": "openapi-python-client"}
    assert listing.json()["clients"] == [python | {"archive": "/clients/python.tar.gz"}]


async def test_an_archive_holds_the_client_files_only_and_is_the_same_every_time(
    http: httpx.AsyncClient, tmp_path: Path
) -> None:
    answer = await http.get("/clients/python.tar.gz")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/gzip"
    assert 'filename="rlservice-client-python.tar.gz"' in answer.headers["content-disposition"]
    assert names(answer.content) == [
        "rlservice-client-python/pyproject.toml",
        "rlservice-client-python/rlservice_client/__init__.py",
    ]
    async with client_for(tmp_path / "clients") as other:  # another process builds it anew
        assert (await other.get("/clients/python.tar.gz")).content == answer.content


@pytest.mark.parametrize(
    "path",
    [
        "/clients/typescript.tar.gz",  # named, but not present
        "/clients/java.tar.gz",
        "/clients/..%2Fsecret.txt.tar.gz",
        "/clients/%2E%2E.tar.gz",
        "/clients/python.zip",
    ],
)
async def test_anything_else_is_not_found(http: httpx.AsyncClient, path: str) -> None:
    answer = await http.get(path)
    assert answer.status_code == 404
    assert b"not a client" not in answer.content


def test_an_archive_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "big.ts").write_bytes(b"x" * 101)
    monkeypatch.setattr(client_archives, "MAX_BYTES", 100)
    with pytest.raises(RuntimeError, match="larger than 100 bytes"):
        client_archives.build(tmp_path, "root")


async def test_the_committed_clients_are_offered_and_stay_out_of_the_openapi_document() -> None:
    async with client_for(PROJECT_ROOT / "clients") as http:
        listed = [c["name"] for c in (await http.get("/clients")).json()["clients"]]
        python = names((await http.get("/clients/python.tar.gz")).content)
        typescript = names((await http.get("/clients/typescript.tar.gz")).content)
        paths = (await http.get("/openapi.json")).json()["paths"]
    assert listed == ["python", "typescript"]
    assert "rlservice-client-python/pyproject.toml" in python  # pip installs the archive
    assert "rlservice-client-python/rlservice_client/api/just_in_compatible/justin_action.py" in (
        python
    )
    assert "rlservice-client-typescript/src/sdk.gen.ts" in typescript
    assert not [n for n in typescript if "node_modules" in n or "/dist/" in n]
    assert not [p for p in paths if p.startswith("/clients")]
