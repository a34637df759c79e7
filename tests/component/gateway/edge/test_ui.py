"""The dashboard's pages (gateway.routes.ui): each served with the strict Content-Security-
Policy and no cache; unknown pages and garbage ids are 404s that carry it too; the pages stay
out of the OpenAPI document and under one HTTP metrics label. And the page files themselves
hold nothing the policy would block: no inline script, style element or attribute, handler
attribute, or script from elsewhere; the scripts never hand data to innerHTML or eval."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from gateway.routes.ui import CSP, PAGES, UI
from tests.component.gateway.edge.test_http_metrics import requests

PAGE_FILES = sorted((UI / "pages").glob("*.html"))
SCRIPTS = sorted((UI / "static").glob("*.js"))  # ours; vendor/ is uPlot's


def example(pattern: str) -> str:
    return re.sub(r"\{[a-z_]+\}", "p-1", pattern)


def assert_secured(response: httpx.Response) -> None:
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("pattern", PAGES)
async def test_a_page_is_served_with_the_policy_and_no_cache(
    client: httpx.AsyncClient, pattern: str
) -> None:
    page = await client.get(example(pattern), headers={"Authorization": ""})  # no login needed
    assert page.status_code == 200, page.text
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["cache-control"] == "no-store"
    assert_secured(page)
    assert page.text == (UI / "pages" / PAGES[pattern]).read_text()


@pytest.mark.parametrize(
    "path", ["/ui/nowhere", "/ui/studies/a/b/c", "/ui/studies/%20x", "/ui/static/missing.js"]
)
async def test_anything_else_under_ui_is_a_404_with_the_policy(
    client: httpx.AsyncClient, path: str
) -> None:
    answer = await client.get(path)
    assert answer.status_code == 404
    assert_secured(answer)


async def test_static_files_share_one_metrics_label_and_pages_stay_out_of_openapi(
    client: httpx.AsyncClient,
) -> None:
    before = requests("/ui/static", "GET", 200, "none")
    for name in ("app.js", "app.css"):
        answer = await client.get(f"/ui/static/{name}")
        assert (answer.status_code, answer.headers["cache-control"]) == (200, "no-cache")
        assert_secured(answer)
    assert requests("/ui/static", "GET", 200, "none") == before + 2
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert not [p for p in paths if p.startswith("/ui")]


class Markup(HTMLParser):
    """What in a page the Content-Security-Policy would block, or a test would miss."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        self.blocked += [f"<{tag} {n}=>" for n in names if n == "style" or n.startswith("on")]
        if tag == "style":
            self.blocked.append("<style>")
        if tag == "script":
            self.in_script = True
            if not (names.get("src") or "").startswith("/ui/static/"):
                self.blocked.append(f"<script src={names.get('src')!r}>")
        if tag == "link" and not (names.get("href") or "").startswith("/ui/static/"):
            self.blocked.append(f"<link href={names.get('href')!r}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = self.in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self.blocked.append("an inline script")


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_a_page_holds_nothing_the_policy_blocks(page: Path) -> None:
    markup = Markup()
    markup.feed(page.read_text())
    assert markup.blocked == []


def test_every_page_file_is_served() -> None:
    assert {p.name for p in PAGE_FILES} == set(PAGES.values())


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_a_script_builds_the_page_from_text_not_markup(script: Path) -> None:
    code = script.read_text()
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", code)
    assert not re.search(r"\beval\(|new Function\(|setTimeout\(\s*['\"]", code)


@pytest.mark.parametrize(
    "markup",
    [
        '<script src="/ui/static/app.js">alert(1)</script>',
        "<script>alert(1)</script>",
        '<p style="color: red">x</p>',
        '<button onclick="go()">x</button>',
        '<script src="https://cdn.example/x.js"></script>',
        "<style>p {}</style>",
    ],
)
def test_the_markup_check_catches_what_the_policy_blocks(markup: str) -> None:
    checked = Markup()
    checked.feed(markup)
    assert checked.blocked
