"""Simulation sessions kept on disk: listed newest first with what their results say, deleted
stores first and folder last (so a deletion cut short can be run again), pruned to the newest N,
and never deleted while their run holds the lock. The stores are a fake here;
tests/e2e/test_simulation_sessions.py runs the same against PostgreSQL and Kafka."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rladapters.simulation_sessions import (
    LOCK,
    SessionRunning,
    is_running,
    running,
    session_folders,
)
from rlservice.live_simulation.sessions import Stored, delete, list_sessions, prune

OLDEST, OLD, NEW, NEWEST = (
    "20260101-090000-aaaa",
    "20260102-090000-bbbb",
    "20260103-090000-cccc",
    "20260104-090000-dddd",
)


class FakeStores:
    """Each session's database and topics; `fail_once` makes the next remove stop halfway."""

    def __init__(self, sessions: list[str]) -> None:
        self.held = {s: Stored(True, 9) for s in sessions}
        self.fail_once = False

    def stored(self, sessions: list[str]) -> dict[str, Stored]:
        return {s: self.held.get(s, Stored(False, 0)) for s in sessions}

    def remove(self, session: str) -> None:
        if session in self.held:
            self.held[session] = Stored(False, self.held[session].topics)  # database dropped
        if self.fail_once:
            self.fail_once = False
            raise ConnectionError("Kafka away")
        self.held.pop(session, None)


def make_session(root: Path, session: str, results: dict[str, object] | None = None) -> Path:
    folder = root / session
    (folder / "studies").mkdir(parents=True)
    (folder / "studies" / "oralytics.yaml").write_text("id: oralytics\n")
    if results is not None:
        (folder / "results.json").write_text(json.dumps(results))
    return folder


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for session in (OLDEST, OLD, NEW, NEWEST):
        results = {"study": "miwaves", "decisions": 40, "replay_mismatches": 0}
        make_session(tmp_path, session, results)
    return tmp_path


def test_sessions_are_listed_newest_first_with_their_results_and_stores(tmp_path: Path) -> None:
    make_session(tmp_path, OLD, {"study": "miwaves", "decisions": 40, "replay_mismatches": 2})
    make_session(tmp_path, NEW)  # ended before its results: its study copy names the study
    (tmp_path / "notes").mkdir()  # not a session
    stores = FakeStores([OLD])

    listed = list_sessions(tmp_path, stores, limit=10)

    assert [s.session for s in listed] == [NEW, OLD]
    new, old = listed
    assert (new.study, new.decisions, new.replay_mismatches) == ("oralytics", None, None)
    assert (old.study, old.decisions, old.replay_mismatches) == ("miwaves", 40, 2)
    assert old.started.isoformat() == "2026-01-02T09:00:00"
    assert old.size_bytes > len("id: oralytics\n")  # the study copy and results.json
    assert (old.stored, new.stored) == (Stored(True, 9), Stored(False, 0))
    assert not old.running
    assert [s.session for s in list_sessions(tmp_path, stores, limit=1)] == [NEW]


def test_deleting_empties_the_stores_then_removes_the_folder_and_can_be_repeated(
    root: Path,
) -> None:
    stores = FakeStores([OLD, NEW])

    assert delete(root, OLD, stores) == (Stored(True, 9), True)

    assert not (root / OLD).exists()
    assert stores.stored([OLD]) == {OLD: Stored(False, 0)}
    assert stores.held[NEW] == Stored(True, 9)  # the others are untouched
    assert delete(root, OLD, stores) == (Stored(False, 0), False)


def test_a_deletion_cut_short_leaves_the_folder_and_finishes_when_run_again(root: Path) -> None:
    stores = FakeStores([OLD])
    stores.fail_once = True

    with pytest.raises(ConnectionError):
        delete(root, OLD, stores)
    assert (root / OLD).is_dir()  # still listed, so it can be deleted again
    assert stores.held[OLD] == Stored(False, 9)  # the database went, the topics stayed

    assert delete(root, OLD, stores) == (Stored(False, 9), True)
    assert not (root / OLD).exists()
    assert stores.stored([OLD]) == {OLD: Stored(False, 0)}


def test_a_running_session_is_listed_as_running_and_refused(root: Path) -> None:
    stores = FakeStores([NEW])
    with running(root / NEW):
        assert [s.running for s in list_sessions(root, stores, limit=10)] == [
            False,
            True,
            False,
            False,
        ]
        with pytest.raises(SessionRunning):
            delete(root, NEW, stores)
        assert (root / NEW).is_dir()
        assert stores.held[NEW] == Stored(True, 9)
    delete(root, NEW, stores)  # once the run has ended
    assert not (root / NEW).exists()


def test_a_name_that_is_no_session_id_is_refused_before_anything_is_touched(
    root: Path,
) -> None:
    stores = FakeStores([OLD])
    for name in ("..", f"{OLD}/..", "20260101-090000-AAAA", "x'; DROP DATABASE rlservice; --"):
        with pytest.raises(ValueError, match="not a session id"):
            delete(root, name, stores)
    assert len(session_folders(root)) == 4
    assert stores.held[OLD] == Stored(True, 9)


def test_pruning_keeps_the_newest_sessions_and_deletes_the_rest(root: Path) -> None:
    stores = FakeStores([OLDEST, OLD, NEW, NEWEST])

    assert prune(root, 2, stores) == [OLD, OLDEST]

    assert [f.name for f in session_folders(root)] == [NEWEST, NEW]
    assert set(stores.held) == {NEW, NEWEST}
    assert prune(root, 2, stores) == []


def test_pruning_passes_over_a_running_session_and_takes_it_once_it_has_ended(root: Path) -> None:
    stores = FakeStores([OLDEST, OLD, NEW, NEWEST])
    with running(root / OLDEST):
        assert prune(root, 2, stores) == [OLD]
    assert prune(root, 2, stores) == [OLDEST]
    assert [f.name for f in session_folders(root)] == [NEWEST, NEW]


def test_a_missing_sessions_folder_lists_nothing_and_prunes_nothing(tmp_path: Path) -> None:
    assert list_sessions(tmp_path / "none", FakeStores([]), limit=10) == []
    assert prune(tmp_path / "none", 1, FakeStores([])) == []


def test_a_run_that_died_holding_its_lock_no_longer_counts_as_running(root: Path) -> None:
    """The lock belongs to the run's process: killed without any clean-up, it lets go."""
    hold = (
        "import fcntl, sys; lock = open(sys.argv[1], 'a'); fcntl.flock(lock, fcntl.LOCK_EX); "
        "print('held', flush=True); sys.stdin.read()"
    )
    run = subprocess.Popen(
        [sys.executable, "-c", hold, str(root / NEW / LOCK)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert run.stdout is not None and run.stdout.readline() == "held\n"
        assert is_running(root / NEW)
    finally:
        run.kill()
        run.wait()
    assert not is_running(root / NEW)
    delete(root, NEW, FakeStores([NEW]))
    assert not (root / NEW).exists()
