"""Fixtures of the end-to-end tests that several modules share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.api import Api, wait_ready
from tests.support.stack import Stack


@pytest.fixture
def api(stack: Stack) -> Iterator[Api]:
    """The action path running (gateway and decision) and a client logged in to it."""
    stack.start("gateway")
    stack.start("decision")
    wait_ready(stack)
    client = Api(stack)
    yield client
    client.http.close()
