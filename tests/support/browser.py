"""Headless Chromium driving the dashboard (/ui): Debian's chromium through Debian's
chromedriver, found on PATH. Selenium is never left to fetch a browser or a driver (its
Selenium Manager would try to download one): the Service names the driver. deploy/bootstrap.sh
installs both packages.

Waits are on conditions in the page (an element present, an attribute's value), never on the
clock."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

T = TypeVar("T")
WIDTH, HEIGHT = 1280, 900  # fixed: the same layout on every machine, and for the screenshots
TIMEOUT = 60.0  # the red check needs a monitoring round after the fault
STALE = StaleElementReferenceException


class BrowserMissing(Exception):
    """Chromium or chromedriver is not installed; the message says how to get them."""


def chromium_paths() -> tuple[str, str]:
    """The browser's and the driver's paths."""
    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if browser is None or driver is None:
        missing = [n for n, p in (("chromium", browser), ("chromedriver", driver)) if p is None]
        raise BrowserMissing(
            f"{' and '.join(missing)} not on PATH: the browser tests need Debian's chromium and "
            "chromium-driver packages (deploy/bootstrap.sh installs them)"
        )
    return browser, driver


@contextmanager
def chromium() -> Iterator[webdriver.Chrome]:
    browser, driver = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    options.add_argument("--headless=new")
    options.add_argument(f"--window-size={WIDTH},{HEIGHT}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # for page_errors()
    if os.geteuid() == 0:
        # Chromium will not start its sandbox as root (CI and these machines run as root).
        options.add_argument("--no-sandbox")
    session = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    try:
        yield session
    finally:
        session.quit()


class Browser:
    """One Chromium tab on one deployment's gateway."""

    def __init__(self, driver: webdriver.Chrome, base_url: str) -> None:
        self.driver = driver
        self.base_url = base_url

    def open(self, path: str) -> None:
        self.driver.get(self.base_url + path)

    def path(self) -> str:
        """The current page's path and query, without the origin."""
        url: str = self.driver.current_url
        return url.removeprefix(self.base_url)

    def log_in(self, username: str, password: str, then: str = "/ui") -> None:
        """Through the login page, as a person would; waits until it has moved on to `then`."""
        self.open("/ui/login?next=" + then)
        self.find("#username").send_keys(username)
        self.find("#password").send_keys(password)
        self.find("#login-button").click()
        self.arrive(then)

    def arrive(self, path: str) -> None:
        """Waits until the tab is at `path` (and query), wherever the pages send it."""
        self.wait(lambda: self.path() == path, f"at {path}")

    def log_out(self) -> None:
        """Forgets the token, as closing the tab does (it lives in sessionStorage)."""
        self.open("/ui/login")
        self.driver.execute_script("window.sessionStorage.clear()")

    def page_errors(self) -> list[str]:
        """What the pages reported since the last call: scripts that threw, and anything the
        Content-Security-Policy blocked (an inline script or style, a foreign source)."""
        logged: list[dict[str, Any]] = self.driver.get_log("browser")  # type: ignore[no-untyped-call]
        return [
            entry["message"]
            for entry in logged
            if entry["level"] == "SEVERE"
            and ("Uncaught" in entry["message"] or "Content Security Policy" in entry["message"])
        ]

    def find(self, css: str) -> WebElement:
        """The element matching `css`, once it is in the page."""
        return self.wait(lambda: self._first(css), f"an element {css}")

    def present(self, css: str) -> bool:
        return self._first(css) is not None

    def attribute(
        self, css: str, name: str, value: str, reload_on: tuple[str, ...] = ()
    ) -> WebElement:
        """Waits until the element matching `css` has attribute `name` equal to `value`; while
        it shows one of `reload_on` instead (a page rendered before the change), reloads it, as
        a person would."""

        def holds() -> WebElement | None:
            found = self._first(css)
            shown = found.get_attribute(name) if found is not None else None
            if shown in reload_on:
                self.driver.refresh()
            return found if shown == value else None

        return self.wait(holds, f"{css}[{name}={value!r}]", self._seen(css, name))

    def text(self, css: str, value: str) -> WebElement:
        def holds() -> WebElement | None:
            found = self._first(css)
            return found if found is not None and found.text == value else None

        return self.wait(holds, f"{css} reading {value!r}", self._seen(css))

    def wait(
        self, probe: Callable[[], T | None], what: str, seen: Callable[[], str] | None = None
    ) -> T:
        """The first truthy value of `probe()`, polled until TIMEOUT; the failure says what
        was awaited and, with `seen`, what the page showed instead."""
        try:
            # An element replaced while it was read (the page re-rendered) is read again.
            found = WebDriverWait(
                self.driver, TIMEOUT, poll_frequency=0.2, ignored_exceptions=[STALE]
            ).until(lambda _: probe())
        except TimeoutException as exc:
            last = seen() if seen else ""
            raise AssertionError(
                f"{what}: not within {TIMEOUT} s on {self.path()} {last}".rstrip()
            ) from exc
        assert found is not None  # until() returns the first truthy value
        return found

    def screenshot(self, to: Path, most: int = HEIGHT) -> None:
        """A PNG of the page's top `most` pixels (all of a shorter page)."""
        page, chrome = self.driver.execute_script(
            "return [document.body.scrollHeight, window.outerHeight - window.innerHeight]"
        )
        self.driver.set_window_size(WIDTH, min(most, int(page)) + int(chrome))
        try:
            assert self.driver.save_screenshot(str(to)), f"no screenshot saved to {to}"
        finally:
            self.driver.set_window_size(WIDTH, HEIGHT)

    def _first(self, css: str) -> WebElement | None:
        try:
            return self.driver.find_element(By.CSS_SELECTOR, css)
        except NoSuchElementException:
            return None

    def _seen(self, css: str, attribute: str | None = None) -> Callable[[], str]:
        def last() -> str:
            try:
                found = self._first(css)
                if found is None:
                    return f"(no {css})"
                return (
                    f"(last seen: {found.get_attribute(attribute) if attribute else found.text!r})"
                )
            except StaleElementReferenceException:
                return "(the element was being replaced)"

        return last
