"""The browser ring: the dashboard under /ui driven in headless Chromium against a real stack.

One deployment and one Chromium per module (starting either takes seconds; the tests of a
module use participants of their own). A machine without Chromium fails these tests with a
message saying what to install: a skipped browser ring would pass `make test` having tested no
page. The README's screenshots come from tests/browser/screenshots.py."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from rlservice.admin_client import create_client
from tests.support.api import Api, new_id
from tests.support.browser import Browser, BrowserMissing, chromium
from tests.support.infra import Infra
from tests.support.stack import Stack, deployment

SERVICES = ("gateway", "decision", "trainer")


@dataclass
class Site:
    """A running deployment and a client holding every role in it."""

    stack: Stack
    api: Api

    def person(self, *roles: tuple[str, str]) -> tuple[str, str]:
        """A new client holding `roles` ((study, role) pairs): its username and password, to
        log in with through the page."""
        username, password = new_id("person"), uuid.uuid4().hex
        create_client(self.stack.url, self.api.admin_token, username, password, list(roles))
        return username, password


@pytest.fixture(scope="module")
def site(
    infra: Infra, template_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    with deployment(infra, template_database) as stack:
        stack.extra_env.update(
            {
                # Health checks every second, so an injected fault shows within a few.
                "MONITORING_EVERY_SECONDS": "1",
                "TRAINER_SCHEDULE_CHECK_SECONDS": "0.5",
                # The simulation sessions of this module's runs, and no one else's.
                "SIMULATIONS_DIR": str(tmp_path_factory.mktemp("simulations")),
            }
        )
        for service in SERVICES:
            stack.start(service)
        stack.wait_until(
            lambda r: (
                all(r.get("services", {}).get(s, {}).get("status") == "ok" for s in SERVICES)
                and r.get("dependencies", {}).get("kafka", {}).get("status") == "ok"
            ),
            60,
            " and ".join(SERVICES),
        )
        api = Api(stack)
        try:
            yield Site(stack, api)
        finally:
            api.http.close()


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Browser]:
    try:
        with chromium() as driver:
            yield Browser(driver, site.stack.url)
    except BrowserMissing as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.fixture(autouse=True)
def no_page_errors(browser: Browser) -> Iterator[None]:
    """Every page a test opened ran without a script error or a CSP violation."""
    browser.page_errors()  # an earlier test's, reported there
    yield
    assert browser.page_errors() == []
