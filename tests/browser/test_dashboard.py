"""The dashboard in a real browser: a person logs in through the page and sees the studies,
watches a study turn red after a fault, steps through a participant's timeline with the arrow
keys, watches a short simulation progress live; a logged-out visitor and another study's
analyst see no data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from pydantic import SecretStr
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from rlkernel.settings import Settings
from rlservice.live_simulation.session_stores import LiveStores
from tests.browser.conftest import Site
from tests.support.browser import Browser
from tests.support.infra import Infra
from tests.support.records import written
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e


def press(browser: Browser, key: str, times: int = 1) -> None:
    """Keys sent to the page (the focused body), as a person presses them."""
    for _ in range(times):
        ActionChains(browser.driver).send_keys(key).perform()


def test_a_logged_out_visitor_lands_on_the_login_page_and_sees_no_data(
    site: Site, browser: Browser
) -> None:
    browser.log_out()
    participant = site.api.add_justin_user()
    for path in ("/ui", "/ui/studies/justin", f"/ui/studies/justin/participants/{participant}"):
        browser.open(path)
        # The login page, told where to come back to.
        browser.arrive(f"/ui/login?next={quote(path, safe='')}")
        browser.find("#login-button")


def test_logging_in_shows_the_studies_and_a_missing_decision_turns_a_study_red(
    site: Site, browser: Browser
) -> None:
    browser.log_out()
    browser.log_in(*site.person(("miwaves", "analyst"), ("miwaves", "operator")))
    browser.find('#studies tr[data-study="miwaves"]')
    browser.open("/ui/studies/miwaves")
    before = browser.wait(lambda: status(browser, "#study-status"), "the study's status")
    assert before in ("green", "yellow"), before

    # The fault: an active participant whose windows of the last day closed with no decision.
    late = site.api.register_miwaves(days_ago=2)
    written(
        site.stack,
        "UPDATE participants SET created_at = now() - interval '3 days' "
        "WHERE study_id = 'miwaves' AND participant_id = :p",
        p=late,
    )
    # The page shows the health as it was when loaded: a person reloads it.
    browser.attribute("#study-status", "data-status", "red", reload_on=("green", "yellow"))
    assert check_status(browser, "missing_decisions") == "red"
    browser.open("/ui")
    browser.attribute('#studies tr[data-study="miwaves"]', "data-status", "red")


def test_stepping_through_a_timeline_with_the_arrow_keys(site: Site, browser: Browser) -> None:
    participant = site.api.add_justin_user()
    for index in range(3):
        assert site.api.justin_action(participant, index).status_code == 201
    events: list[dict[str, Any]] = site.api.get(
        f"/v1/studies/justin/participants/{participant}/timeline"
    ).json()["events"]
    decided = next(e for e in events if e["kind"] == "decision")
    step = events.index(decided)  # preceded by its request
    n = len(events)

    browser.log_out()
    browser.log_in(*site.person(("justin", "analyst")))
    browser.open(f"/ui/studies/justin/participants/{participant}")
    browser.text("#step-index", f"1 / {n}")
    browser.attribute("#step-detail h3", "data-kind", events[0]["kind"])

    press(browser, Keys.ARROW_RIGHT, step)
    browser.text("#step-index", f"{step + 1} / {n}")
    browser.attribute("#step-detail h3", "data-kind", "decision")
    assert browser.find("#timeline-slider").get_attribute("value") == str(step)
    assert field(browser, "action") == str(decided["action"])
    assert field(browser, "seed") == decided["seed"]
    assert field(browser, "probability") == f"{decided['probability']:.3f}"
    assert field(browser, "policy_version") == str(decided["policy_version"])
    asked = events[step - 1]
    assert asked["kind"] == "request"
    assert field(browser, "context") == json.dumps(asked["context"], separators=(",", ":"))

    # One step back, the slot's request: its decision is not known yet there.
    press(browser, Keys.ARROW_LEFT)
    browser.text("#step-index", f"{step} / {n}")
    browser.attribute("#step-detail h3", "data-kind", "request")
    assert field(browser, "action") == "not yet"

    # The study's page groups these decisions by their state, named by the study's entries.
    browser.open("/ui/studies/justin")
    browser.text("#state-probabilities tbody tr td", "intercept = 1, temperature = 23")


def status(browser: Browser, css: str) -> str | None:
    """The green|yellow|red status the element shows, None while the page has not rendered one."""
    shown = browser.find(css).get_attribute("data-status")
    return shown if shown in ("green", "yellow", "red") else None


def check_status(browser: Browser, check: str) -> str | None:
    """The status badge of `check`'s row in the page's table of health checks."""
    for row in browser.driver.find_elements(By.CSS_SELECTOR, "#health-checks tbody tr"):
        cells = row.find_elements(By.TAG_NAME, "td")
        if cells and cells[0].text == check:
            badge = cells[1].find_element(By.CSS_SELECTOR, "[data-status]")
            shown: str | None = badge.get_attribute("data-status")
            return shown
    return None


def field(browser: Browser, name: str) -> str:
    text: str = browser.find(f'#step-detail dd[data-field="{name}"]').text
    return text


def test_an_analyst_of_another_study_sees_the_refusal_and_no_data(
    site: Site, browser: Browser
) -> None:
    participant = site.api.register_miwaves()
    browser.log_out()
    browser.log_in(*site.person(("justin", "analyst")))
    for path in ("/ui/studies/miwaves", f"/ui/studies/miwaves/participants/{participant}"):
        browser.open(path)
        browser.find("#refused")
        assert not browser.present("#study-status, #health-checks, #step-detail, #events")
    browser.open("/ui")
    browser.find('#studies tr[data-study="justin"]')
    assert not browser.present('#studies tr[data-study="miwaves"]')


@contextmanager
def simulating(infra: Infra, root: Path, log: Path) -> Iterator[str]:
    """A tiny `rlservice simulate` running in the background into `root`; its session id once
    its folder exists. It must have ended well by the end; its session is removed then."""
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": infra.kafka,
        "REDIS_URL": infra.redis_url,
        "DATABASE_URL": infra.database_url,
        "SIMULATIONS_DIR": str(root),
    }
    tiny = ["--participants", "2", "--days", "3", "--seconds", "15", "--seed", "1"]
    with log.open("w") as out:
        run = subprocess.Popen(
            [sys.executable, "-m", "rlservice", "simulate", *tiny],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    session = ""
    try:
        folders = wait_for(lambda: list(root.glob("2*")), bool, 30, "the session's folder")
        session = folders[0].name
        yield session
        assert run.wait(240) == 0, log.read_text()[-3000:]
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        if session:
            settings = Settings(
                kafka_bootstrap_servers=infra.kafka,
                redis_url=SecretStr(infra.redis_url),
                database_url=SecretStr(infra.database_url),
            )
            LiveStores(settings).remove(session)


def progress(browser: Browser) -> tuple[int, int, str]:
    """#progress's windows done, total, and "finished" once the page saw the run end."""
    shown = browser.find("#progress")
    return (
        int(shown.get_attribute("data-done") or 0),
        int(shown.get_attribute("data-total") or 0),
        shown.get_attribute("data-state") or "",
    )


def test_a_short_simulation_progresses_live_then_shows_its_summary(
    site: Site, browser: Browser, infra: Infra, tmp_path: Path
) -> None:
    root = site.stack.settings().simulations_dir
    with simulating(infra, root, tmp_path / "simulate.log") as session:
        # Open the page once the run is the study's (its study copy written) and still running.
        wait_for(
            lambda: site.api.get(f"/v1/simulations/{session}"),
            lambda r: r.status_code == 200 and r.json()["running"],
            60,
            f"session {session} running",
        )
        browser.log_out()
        browser.log_in(*site.person(("miwaves", "analyst")))
        browser.open(f"/ui/simulations/{session}")

        def under_way() -> tuple[int, int, str] | None:
            shown = progress(browser)
            return shown if shown[0] < shown[1] else None

        done, total, _ = browser.wait(under_way, "the run under way")
        browser.wait(lambda: progress(browser)[0] > done, f"more than {done} windows done")
        browser.wait(
            lambda: progress(browser) == (total, total, "finished"), f"all {total} windows done"
        )
        browser.find("#session-summary table")
