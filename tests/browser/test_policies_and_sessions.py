"""The policy versions page and the simulation sessions list in Chromium: a version's
provenance, the action distribution and the advantage's posterior for a state typed in; the
sessions of the analyst's study listed (another study's not), two of them compared side by side.
The sessions are folders written here as `rlservice simulate` leaves them
(tests/browser/test_dashboard.py watches a real run)."""

from __future__ import annotations

import json
from pathlib import Path

from rldomain.study import load_studies
from tests.browser.conftest import Site
from tests.support.browser import Browser

SESSIONS = {  # id: (study, cumulative reward by day)
    "20260101-090000-aaaa": ("justin", [1.0, 2.0]),
    "20260102-090000-bbbb": ("justin", [0.5, 2.5]),
    "20260103-090000-cccc": ("miwaves", [1.0, 1.0]),
}


def written(root: Path) -> None:
    for session, (study, reward) in SESSIONS.items():
        (root / session / "studies").mkdir(parents=True, exist_ok=True)
        (root / session / "studies" / f"{study}.yaml").write_text(f"id: {study}\n")
        results = {"study": study, "decisions": 4, "cumulative_reward_by_day": reward}
        (root / session / "results.json").write_text(json.dumps(results))


def test_a_versions_provenance_and_its_distribution_for_a_state(
    site: Site, browser: Browser
) -> None:
    browser.log_out()
    browser.log_in(*site.person(("miwaves", "analyst")))
    browser.open("/ui/studies/miwaves/policies")
    browser.find("#versions tbody tr[data-version='1']")
    state = [1.0] * load_studies(site.stack.settings().studies_dir)["miwaves"].states.state_dim
    browser.find("#state").send_keys(json.dumps(state))
    browser.find("#distribution-button").click()
    browser.attribute("#distribution", "data-version", "1")
    rows = browser.driver.find_elements("css selector", "#distribution tbody tr")
    assert len(rows) == 2  # miwaves' two actions, each with its probability
    browser.find("#advantages table")  # action 1's advantage: mean, sd, interval
    browser.find("#advantages .uplot")  # and its density


def test_an_analyst_lists_the_sessions_of_its_study_and_compares_two(
    site: Site, browser: Browser
) -> None:
    written(site.stack.settings().simulations_dir)
    browser.log_out()
    browser.log_in(*site.person(("justin", "analyst")))
    browser.open("/ui/simulations")
    browser.find("#sessions tbody tr[data-session='20260101-090000-aaaa']")
    listed = browser.driver.find_elements("css selector", "#sessions tbody tr")
    assert {r.get_attribute("data-session") for r in listed} == {
        s for s, (study, _) in SESSIONS.items() if study == "justin"
    }
    for box in browser.driver.find_elements("css selector", "#sessions input[type=checkbox]"):
        box.click()
    browser.find("#compare-button").click()
    browser.find("#compare-summary table")
    browser.find("#compare-plots [data-plot='cumulative_reward']")
