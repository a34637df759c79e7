"""The simulation routes over session folders written here as a run writes them: the list paged
and filtered by the study simulated, a session's results and plot series, and the progress
stream: its events, its end when the run lets go of its lock, its time limit and its cap on
streams open at once."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, cast

import httpx
import pytest

from gateway.auth import Tokens
from gateway.simulations import SimulationDeps
from rladapters.access import Grants
from rladapters.simulation_sessions import Progress, running, write_progress
from tests.component.gateway.edge.harness import EdgeState, EveryRole, NoRevocations, refused

OLD, MID, NEW = "20260101-090000-aaaa", "20260102-090000-bbbb", "20260103-090000-cccc"
RESULTS = {
    "session": MID,
    "study": "miwaves",
    "decisions": 40,
    "replay_mismatches": 0,
    "mean_probability_by_day": [0.5, float("nan"), 0.6],
    "cumulative_reward_by_day": [1.0, 2.0, 3.5],
    "flat_cumulative_reward_by_day": [1.0, 1.5, 2.0],
    "plots": ["/home/someone/.rlservice/simulations/x/probability_by_day.png"],
}


def session(
    root: Path, name: str, study: str | None, results: dict[str, Any] | None = None
) -> Path:
    folder = root / name
    (folder / "studies").mkdir(parents=True)
    if study:
        (folder / "studies" / f"{study}.yaml").write_text(f"id: {study}\n")
    if results is not None:
        # As the run writes it: json.dumps spells NaN out, which is no JSON for a browser.
        (folder / "results.json").write_text(json.dumps(results))
    return folder


class WithJustinAnalyst(EveryRole):
    """Every client an admin with every role, but `justin-analyst`: an analyst of justin only."""

    async def grants(self, username: str) -> Grants:
        if username == "justin-analyst":
            return Grants(username, admin=False, roles={"justin": frozenset({"analyst"})})
        return await super().grants(username)


@pytest.fixture
def deps(state: EdgeState, tmp_path: Path) -> SimulationDeps:
    session(tmp_path, OLD, "justin", {"study": "justin", "decisions": 8})
    session(tmp_path, MID, "miwaves", RESULTS)
    session(tmp_path, NEW, None)  # a run's first instants: no study copy yet
    (tmp_path / "notes.txt").write_text("not a session")
    state.simulations = SimulationDeps(tmp_path, poll_seconds=0.01)
    return cast(SimulationDeps, state.simulations)


def analyst_headers(state: EdgeState) -> dict[str, str]:
    grants = WithJustinAnalyst(state.studies)
    state.tokens = Tokens(state.settings, cast(Any, NoRevocations()), cast(Any, grants))
    return {"Authorization": f"Bearer {state.tokens.issue('justin-analyst')}"}


def events(text: str) -> list[tuple[str, Any]]:
    """(name, data) of each event; a comment line is ("comment", its text)."""
    found: list[tuple[str, Any]] = []
    for block in text.strip().split("\n\n"):
        if block.startswith(":"):
            found.append(("comment", block[1:].strip()))
            continue
        fields = dict(line.split(": ", 1) for line in block.split("\n"))
        found.append((fields["event"], json.loads(fields["data"])))
    return found


async def test_sessions_are_listed_newest_first_a_page_at_a_time(
    client: httpx.AsyncClient, deps: SimulationDeps
) -> None:
    first = (await client.get("/v1/simulations", params={"limit": 2})).json()
    assert [s["session"] for s in first["sessions"]] == [NEW, MID]
    assert first["next_before"] == MID
    assert first["sessions"][1] | {"started": "-"} == {
        "session": MID,
        "started": "-",
        "study": "miwaves",
        "running": False,
        "decisions": 40,
        "replay_mismatches": 0,
    }
    rest = await client.get("/v1/simulations", params={"limit": 2, "before": MID})
    assert [s["session"] for s in rest.json()["sessions"]] == [OLD]
    assert rest.json()["next_before"] is None


async def test_a_caller_sees_the_sessions_of_its_studies_only(
    client: httpx.AsyncClient, state: EdgeState, deps: SimulationDeps
) -> None:
    headers = analyst_headers(state)
    listed = await client.get("/v1/simulations", headers=headers)
    assert [s["session"] for s in listed.json()["sessions"]] == [OLD]
    assert (await client.get(f"/v1/simulations/{OLD}", headers=headers)).status_code == 200
    for path in (MID, NEW, f"{MID}/plots", f"{MID}/progress"):
        refused(await client.get(f"/v1/simulations/{path}", headers=headers), 403, "forbidden")


async def test_a_summary_holds_the_results_as_strict_json_without_file_paths(
    client: httpx.AsyncClient, deps: SimulationDeps
) -> None:
    body = (await client.get(f"/v1/simulations/{MID}")).json()
    assert body["results"]["mean_probability_by_day"] == [0.5, None, 0.6]
    assert "plots" not in body["results"]
    assert body["progress"] is None
    unfinished = (await client.get(f"/v1/simulations/{NEW}")).json()
    assert (unfinished["study"], unfinished["results"]) == (None, None)


async def test_unknown_and_malformed_sessions_are_refused(
    client: httpx.AsyncClient, deps: SimulationDeps
) -> None:
    refused(await client.get("/v1/simulations/20990101-000000-0000"), 404, "simulation_not_found")
    for bad in ("..", "20260101-090000-AAAA", "x" * 30):
        assert (await client.get(f"/v1/simulations/{bad}")).status_code in (404, 422)
    assert (await client.get("/v1/simulations", params={"before": "../x"})).status_code == 422
    assert (await client.get("/v1/simulations", params={"limit": 101})).status_code == 422


async def test_plots_are_the_series_behind_them_by_study_day(
    client: httpx.AsyncClient, deps: SimulationDeps
) -> None:
    plots = (await client.get(f"/v1/simulations/{MID}/plots")).json()["plots"]
    assert [p["name"] for p in plots] == ["probability_by_day", "cumulative_reward"]
    reward = plots[1]
    assert reward["x"] == [1, 2, 3]
    assert [s["label"] for s in reward["series"]] == ["cumulative reward", "flat cumulative reward"]
    unfinished = await client.get(f"/v1/simulations/{NEW}/plots")
    assert unfinished.json() == {"plots": []}


async def test_an_ended_run_streams_its_last_progress_and_ends(
    client: httpx.AsyncClient, deps: SimulationDeps
) -> None:
    write_progress(deps.root / MID, Progress(done=6, total=6, day=3, days=3, decisions=40))
    response = await client.get(f"/v1/simulations/{MID}/progress")
    assert response.headers["content-type"].startswith("text/event-stream")
    last = {"done": 6, "total": 6, "day": 3, "days": 3, "decisions": 40}
    assert events(response.text) == [
        ("progress", last),
        ("end", {"reason": "finished", "progress": last}),
    ]
    assert deps.streams == 0


async def test_a_running_session_streams_until_its_lock_is_released(
    client: httpx.AsyncClient, deps: SimulationDeps
) -> None:
    folder = deps.root / NEW

    async def run() -> None:
        with running(folder):
            for done in range(5):
                write_progress(folder, Progress(done, 4, done, 2, done * 3))
                await asyncio.sleep(0.03)  # a window's play: the stream polls meanwhile

    playing = asyncio.create_task(run())
    response = await client.get(f"/v1/simulations/{NEW}/progress")
    await playing
    found = events(response.text)
    assert found[-1] == (
        "end",
        {"reason": "finished", "progress": Progress(4, 4, 4, 2, 12).as_json()},
    )
    done = [data["done"] for name, data in found if name == "progress"]
    assert done == sorted(set(done)) and done[-1] == 4


async def test_a_stream_ends_at_its_lifetime_with_heartbeats_meanwhile(
    client: httpx.AsyncClient, deps: SimulationDeps
) -> None:
    deps.lifetime_seconds, deps.heartbeat_seconds = 0.2, 0.02
    with running(deps.root / NEW):  # a run that plays no window while the stream lasts
        response = await client.get(f"/v1/simulations/{NEW}/progress")
    found = events(response.text)
    assert ("comment", "heartbeat") in found
    assert found[-1] == ("end", {"reason": "timeout", "progress": None})


async def test_streams_beyond_the_cap_are_refused(
    client: httpx.AsyncClient, deps: SimulationDeps
) -> None:
    deps.max_streams = 0
    response = await client.get(f"/v1/simulations/{MID}/progress")
    refused(response, 429, "too_many_streams")
    assert response.headers["Retry-After"] == "10"
