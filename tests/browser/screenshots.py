"""The README's screenshots of the dashboard (docs/img/*.png), from a short simulated study.

    .venv/bin/python -m tests.browser.screenshots [OUT_DIR]    # the infra must be up

`rlservice simulate` runs a short MiWaves study in a sessions folder of this script's own (a
temporary one: no session of yours is pruned). Its services have stopped when it ends, so a
gateway is started again on its kept database and namespace, with its clock set to the
simulated study's last day, so that the study page's "last 30 days" hold the simulated ones.
A person with the study's analyst and operator roles logs in, and each page is saved as the
browser window shows it. The session (database, topics, folder) is removed at the end."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from pydantic import SecretStr
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from rlkernel.settings import PROJECT_ROOT, Settings
from rlservice.admin_client import admin_token, create_client
from rlservice.live_simulation.sandbox import database_name, namespace_of
from rlservice.live_simulation.session_stores import LiveStores
from tests.support.browser import Browser, chromium
from tests.support.infra import Infra, provide_infra
from tests.support.stack import Stack

STUDY = "miwaves"
RUN = ["--study", STUDY, "--participants", "12", "--days", "10", "--seconds", "40", "--seed", "1"]
MAX_BYTES = 300_000  # a README image
TALLEST = 1100  # pixels of a page shown: its charts, not all of its tables
STEP = 560  # of the timeline: the step's detail and the first events
STEPS = 50  # a participant's first slots are within this many events


def simulate(infra: Infra, root: Path) -> str:
    """Runs the simulation; its session id."""
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": infra.kafka,
        "REDIS_URL": infra.redis_url,
        "DATABASE_URL": infra.database_url,
        "SIMULATIONS_DIR": str(root),
    }
    done = subprocess.run(
        [sys.executable, "-m", "rlservice", "simulate", *RUN],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the simulation failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    [session] = [p.name for p in root.iterdir() if p.is_dir()]
    return session


@contextmanager
def gateway_on(infra: Infra, root: Path, session: str) -> Iterator[Stack]:
    """A gateway on the finished simulation's database and namespace, its clock at the end of
    the simulated study (one virtual second per real second from there)."""
    url = make_url(infra.database_url).set(database=database_name(session))
    engine = create_engine(url)
    with engine.connect() as db:
        last = db.execute(text("SELECT max(decided_at) FROM decisions")).scalar_one()
    engine.dispose()
    stack = Stack(
        infra.kafka,
        infra.redis_url,
        url.render_as_string(hide_password=False),
        namespace=namespace_of(session),
        log_dir=str(root / session / "logs"),
        extra_env={
            "STUDIES_DIR": str(root / session / "studies"),
            "SIMULATIONS_DIR": str(root),
            "CLOCK_VIRTUAL_ANCHOR": str((last + timedelta(minutes=10)).timestamp()),
            "CLOCK_REAL_ANCHOR": str(time.time()),
            "CLOCK_SPEED": "1",
        },
    )
    stack.start("gateway")
    try:
        stack.wait_until(
            lambda r: r.get("services", {}).get("gateway", {}).get("status") == "ok", 60, "gateway"
        )
        yield stack
    finally:
        stack.stop_all()


def save(browser: Browser, out: Path, name: str, *ready: str, most: int = TALLEST) -> None:
    """The page's top `most` pixels, once each of `ready` (CSS selectors) is in it."""
    for css in ready:
        browser.find(css)
    path = out / f"{name}.png"
    browser.screenshot(path, most)
    size = path.stat().st_size
    assert size < MAX_BYTES, f"{path} is {size} bytes: more than a README image should be"
    print(f"{path} ({size // 1000} KB)")


def shoot(stack: Stack, session: str, out: Path) -> None:
    token = admin_token(stack.url, stack.settings())
    username, password = f"readme-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    roles = [(STUDY, "analyst"), (STUDY, "operator")]
    create_client(stack.url, token, username, password, roles)
    with chromium() as driver:
        browser = Browser(driver, stack.url)
        browser.log_in(username, password)
        save(browser, out, "overview", f'#studies tr[data-study="{STUDY}"][data-status]')
        browser.open(f"/ui/studies/{STUDY}")
        save(browser, out, "study", "#treated-chart canvas", "#participants table", "#incidents *")
        browser.find("#participants a").click()
        browser.find("#step-detail h3")
        for _ in range(STEPS):  # on to the first step whose slot has its outcome
            if browser.find('#step-detail dd[data-field="outcome"]').text != "not yet":
                break
            ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
        save(browser, out, "timeline", "#step-detail h3[data-kind]", most=STEP)
        browser.open(f"/ui/simulations/{session}")
        save(browser, out, "simulation", "#session-summary table", "#plots canvas")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT_ROOT / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    with provide_infra() as infra, TemporaryDirectory() as folder:
        root = Path(folder)
        session = simulate(infra, root)
        try:
            with gateway_on(infra, root, session) as stack:
                shoot(stack, session, out)
        finally:
            settings = Settings(
                kafka_bootstrap_servers=infra.kafka,
                redis_url=SecretStr(infra.redis_url),
                database_url=SecretStr(infra.database_url),
            )
            LiveStores(settings).remove(session)


if __name__ == "__main__":
    main()
