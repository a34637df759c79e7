"""Analyst exports against a real, migrated PostgreSQL database."""

from __future__ import annotations

import csv
import itertools
import json
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from sqlalchemy import create_engine, insert
from sqlalchemy.engine import Engine

from rlaudit.exports import export_study
from rlkernel.db.models import (
    Decision,
    Observation,
    Participant,
    ParticipantStatusChange,
    PolicyVersion,
)
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e
STUDY = "exported"
SEED = 2**62 + 12345  # a double cannot hold it: any float detour changes the digits
EASTERN = timezone(timedelta(hours=-5))
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=EASTERN)  # 14:00 UTC
RIDS = itertools.count(1000)


def decision(participant: str, index: int, **fields: Any) -> dict[str, Any]:
    return {
        "rid": next(RIDS),
        "study_id": STUDY,
        "participant_id": participant,
        "decision_index": index,
        "request_id": uuid.uuid4(),
        "event_id": uuid.uuid4(),
        "seed": 7,
        "action": 1,
        "probability": 0.5,
        "probabilities": None,  # two actions
        "policy_version": 0,
        "algorithm": "bayes_lr",
        "state": [0.5, 1.0, -2.25],
        "context": {"hour": 9},
        "recent_rewards": [],
        "fallback": False,
        "fallback_reason": None,
        "decided_at": T0 + timedelta(hours=index),
        "decided_by": "decision-1",
        **fields,
    }


def change(
    participant: str, before: str | None, after: str, by: str, note: str | None, day: int
) -> dict[str, Any]:
    return {
        "id": 100 + day,
        "study_id": STUDY,
        "participant_id": participant,
        "from_status": before,
        "to_status": after,
        "changed_by": by,
        "note": note,
        "changed_at": T0 + timedelta(days=day),
    }


NO_DATES: dict[str, Any] = {
    "baseline": {},
    "rl_start_date": None,
    "rl_end_date": None,
    "times_changes": [],
}


# As the participant store appends it (rladapters.notification_times).
TIMES_CHANGE = {
    "at": "2025-03-05T18:00:00+00:00",
    "times": [[1000]] * 7,
    "source": "api",
    "actor": "backend",
}


def seed_study(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(Participant),
            [
                # One insert of many rows takes its columns from the first: every row names all.
                {"study_id": STUDY, "participant_id": "p1", "status": "active", **NO_DATES},
                {
                    "study_id": STUDY,
                    "participant_id": "p2",
                    "status": "ENDED",
                    "baseline": {"rl_start_date": "2025-03-01", "notification_times": [[900]]},
                    "rl_start_date": date(2025, 3, 1),
                    "rl_end_date": date(2025, 3, 30),
                    "times_changes": [TIMES_CHANGE],
                },
                {"study_id": "other", "participant_id": "p1", "status": "active", **NO_DATES},
            ],
        )
        conn.execute(
            insert(ParticipantStatusChange),
            [
                # Inserted out of order: a history is oldest change first.
                change("p2", "COMPLETED_AWAITING_REVIEW", "ENDED", "op-1", "reviewed, ok", 2),
                change("p2", None, "REGISTERED", "registration", None, 0),
                change("p2", "REGISTERED", "COMPLETED_AWAITING_REVIEW", "decisions", None, 1),
            ],
        )
        # Inserted out of order: the export must sort by participant, then decision index.
        conn.execute(
            insert(Decision),
            [
                # Of three actions: the stored vector is every action's probability.
                decision("p2", 0, action=2, probability=0.3, probabilities=[0.5, 0.3, 0.2]),
                decision("p1", 2, state=[1.5, 2.0], recent_rewards=[0.75, 0.0]),
                decision("p1", 1, state=[], fallback=True, fallback_reason="state_error"),
                decision("p1", 0, seed=SEED, context={"hour": 9, "tags": ["a", "b"]}),
                {**decision("p1", 0), "study_id": "other"},
            ],
        )
        conn.execute(
            insert(Observation),
            [
                {
                    "study_id": STUDY,
                    "participant_id": "p1",
                    "decision_index": 0,
                    "rid": 1,
                    "source": "pull",
                    "source_id": "ema-1",
                    "record": {"craving": 3, "notes": {"mood": "ok"}, "used": False},
                    "reward": 0.75,
                },
                {
                    "study_id": STUDY,
                    "participant_id": "p2",
                    "decision_index": 0,
                    "rid": 2,
                    "source": "upload",
                    "source_id": None,
                    "record": {"craving": 1},
                    "reward": 1.0,
                },
            ],
        )
        fit = {"observations": 2, "from_observation_id": 1, "to_observation_id": 2}
        conn.execute(
            insert(PolicyVersion),
            [
                {
                    "study_id": STUDY,
                    "version": 0,
                    "parent_version": None,
                    "algorithm": "bayes_lr",
                    "params": b"secret-prior",
                    "hyperparameters": {"noise_var": 1.0},
                    "fit_on": {"observations": 0, "source": "priors"},
                    "code_version": "abc123",
                },
                {
                    "study_id": STUDY,
                    "version": 1,
                    "parent_version": 0,
                    "algorithm": "bayes_lr",
                    "params": b"secret-posterior",
                    "hyperparameters": {"noise_var": 0.8},
                    "fit_on": fit,
                    "code_version": "abc123",
                },
            ],
        )


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture
def engine(stack: Stack) -> Iterator[Engine]:
    # A non-UTC session time zone: timestamps in the export must still come out in UTC.
    made = create_engine(
        stack.database_url, connect_args={"options": "-c timezone=America/New_York"}
    )
    yield made
    made.dispose()


@pytest.fixture
def out(engine: Engine, tmp_path: Path) -> Path:
    seed_study(engine)
    written = export_study(engine, STUDY, tmp_path)
    assert written == {
        t: [tmp_path / f"{STUDY}_{t}.csv", tmp_path / f"{STUDY}_{t}.parquet"]
        for t in ("decisions", "observations", "policy_versions", "participants")
    }
    return tmp_path


def test_each_decision_of_the_study_is_one_row_ordered_by_participant_then_index(
    out: Path,
) -> None:
    expected = [("p1", 0), ("p1", 1), ("p1", 2), ("p2", 0)]
    _, rows = read_csv(out / f"{STUDY}_decisions.csv")
    assert [(r["participant_id"], int(r["decision_index"])) for r in rows] == expected
    table = pq.read_table(out / f"{STUDY}_decisions.parquet").to_pylist()
    assert [(r["participant_id"], r["decision_index"]) for r in table] == expected
    assert {r["study_id"] for r in table} == {STUDY}


def test_a_63_bit_seed_is_exact_digits_in_csv_and_int64_in_parquet(out: Path) -> None:
    _, rows = read_csv(out / f"{STUDY}_decisions.csv")
    assert rows[0]["seed"] == str(SEED)
    table = pq.read_table(out / f"{STUDY}_decisions.parquet")
    assert str(table.schema.field("seed").type) == "int64"
    assert table.column("seed").to_pylist()[0] == SEED


def test_state_is_split_into_columns_and_empty_for_the_fallback(out: Path) -> None:
    header, rows = read_csv(out / f"{STUDY}_decisions.csv")
    assert [h for h in header if h.startswith("state_")] == ["state_0", "state_1", "state_2"]
    assert [rows[0][f"state_{i}"] for i in range(3)] == ["0.5", "1.0", "-2.25"]
    assert [rows[1][f"state_{i}"] for i in range(3)] == ["", "", ""]
    assert rows[1]["fallback"] == "True" and rows[1]["fallback_reason"] == "state_error"
    table = pq.read_table(out / f"{STUDY}_decisions.parquet").to_pylist()
    assert [table[1][f"state_{i}"] for i in range(3)] == [None, None, None]
    assert [table[2][f"state_{i}"] for i in range(3)] == [1.5, 2.0, None]


def test_reward_is_joined_where_an_observation_exists_and_empty_otherwise(out: Path) -> None:
    _, rows = read_csv(out / f"{STUDY}_decisions.csv")
    assert [r["reward"] for r in rows] == ["0.75", "", "", "1.0"]
    assert [r["observation_source"] for r in rows] == ["pull", "", "", "upload"]
    assert rows[0]["ingested_at"] != "" and rows[1]["ingested_at"] == ""
    table = pq.read_table(out / f"{STUDY}_decisions.parquet").to_pylist()
    assert [r["reward"] for r in table] == [0.75, None, None, 1.0]
    assert [r["participant_status"] for r in table] == ["active"] * 3 + ["ENDED"]


def test_every_actions_probability_is_a_json_column_whatever_the_number_of_actions(
    out: Path,
) -> None:
    header, rows = read_csv(out / f"{STUDY}_decisions.csv")
    assert header.index("probabilities") == header.index("probability") + 1
    expected = [[0.5, 0.5]] * 3 + [[0.5, 0.3, 0.2]]  # a binary decision's: (1 - p, p)
    assert [json.loads(r["probabilities"]) for r in rows] == expected
    assert [(r["action"], r["probability"]) for r in rows][-1] == ("2", "0.3")
    table = pq.read_table(out / f"{STUDY}_decisions.parquet").to_pylist()
    assert [json.loads(r["probabilities"]) for r in table] == expected


def test_context_is_flattened_with_lists_json_encoded(out: Path) -> None:
    header, rows = read_csv(out / f"{STUDY}_decisions.csv")
    assert [h for h in header if h.startswith("context_")] == ["context_hour", "context_tags"]
    assert json.loads(rows[0]["context_tags"]) == ["a", "b"]
    assert rows[1]["context_tags"] == ""
    assert json.loads(rows[2]["recent_rewards"]) == [0.75, 0.0]
    table = pq.read_table(out / f"{STUDY}_decisions.parquet")
    assert str(table.schema.field("context_hour").type) == "int64"
    assert table.column("context_hour").to_pylist() == [9, 9, 9, 9]


def test_decision_times_are_iso_in_utc_whatever_the_session_time_zone(out: Path) -> None:
    _, rows = read_csv(out / f"{STUDY}_decisions.csv")
    assert rows[0]["decided_at"] == "2025-03-01T14:00:00+00:00"
    table = pq.read_table(out / f"{STUDY}_decisions.parquet")
    assert str(table.schema.field("decided_at").type) == "timestamp[us, tz=UTC]"
    assert table.column("decided_at").to_pylist()[0] == T0


def test_observation_records_are_flattened_with_nested_values_json_encoded(out: Path) -> None:
    header, rows = read_csv(out / f"{STUDY}_observations.csv")
    assert [h for h in header if h.startswith("record_")] == [
        "record_craving",
        "record_notes",
        "record_used",
    ]
    assert [r["participant_id"] for r in rows] == ["p1", "p2"]
    assert json.loads(rows[0]["record_notes"]) == {"mood": "ok"}
    assert rows[1]["record_notes"] == "" and rows[1]["source_id"] == ""
    table = pq.read_table(out / f"{STUDY}_observations.parquet").to_pylist()
    assert [r["record_used"] for r in table] == [False, None]
    assert [r["record_craving"] for r in table] == [3, 1]


def test_policy_export_flattens_fit_on_and_has_no_params(out: Path) -> None:
    header, rows = read_csv(out / f"{STUDY}_policy_versions.csv")
    assert "params" not in header
    assert b"secret" not in (out / f"{STUDY}_policy_versions.parquet").read_bytes()
    assert [r["version"] for r in rows] == ["0", "1"]
    assert [r["parent_version"] for r in rows] == ["", "0"]
    assert [r["fit_to_observation_id"] for r in rows] == ["", "2"]
    assert [r["fit_source"] for r in rows] == ["priors", ""]
    assert json.loads(rows[1]["hyperparameters"]) == {"noise_var": 0.8}
    table = pq.read_table(out / f"{STUDY}_policy_versions.parquet")
    assert "params" not in table.column_names
    assert table.column("fit_observations").to_pylist() == [0, 2]


def test_participants_have_their_baseline_dates_status_and_history_oldest_first(
    out: Path,
) -> None:
    header, rows = read_csv(out / f"{STUDY}_participants.csv")
    assert header == [
        "study_id",
        "participant_id",
        "status",
        "registered_at",
        "rl_start_date",
        "rl_end_date",
        "baseline_notification_times",
        "baseline_rl_start_date",
        "status_history",
        "times_changes",
    ]
    assert [(r["participant_id"], r["status"]) for r in rows] == [("p1", "active"), ("p2", "ENDED")]
    p1, p2 = rows
    assert (p2["rl_start_date"], p2["rl_end_date"]) == ("2025-03-01", "2025-03-30")
    assert json.loads(p2["baseline_notification_times"]) == [[900]]
    # In UTC whatever the session's time zone (New York here): T0 is 14:00 UTC.
    assert json.loads(p2["status_history"]) == [
        {"at": f"2025-03-0{1 + day}T14:00:00.000000Z", "by": by, "from": a, "to": b, "note": n}
        for day, (by, a, b, n) in enumerate(
            [
                ("registration", None, "REGISTERED", None),
                ("decisions", "REGISTERED", "COMPLETED_AWAITING_REVIEW", None),
                ("op-1", "COMPLETED_AWAITING_REVIEW", "ENDED", "reviewed, ok"),
            ]
        )
    ]
    assert json.loads(p1["status_history"]) == [] and p1["rl_start_date"] == ""
    assert json.loads(p2["times_changes"]) == [TIMES_CHANGE]
    assert json.loads(p1["times_changes"]) == []
    parquet = pq.read_table(out / f"{STUDY}_participants.parquet").to_pylist()
    assert [r["status_history"] for r in parquet] == [r["status_history"] for r in rows]
    assert parquet[1]["rl_end_date"] == date(2025, 3, 30)


def test_an_empty_study_still_writes_headers(engine: Engine, tmp_path: Path) -> None:
    written = export_study(engine, "nobody", tmp_path)
    header, rows = read_csv(written["decisions"][0])
    assert rows == [] and header[:3] == ["study_id", "participant_id", "decision_index"]
    assert "reward" in header and not any(h.startswith("state_") for h in header)
    assert read_csv(written["policy_versions"][0])[0][:2] == ["study_id", "version"]
    empty = pq.read_table(written["observations"][1])
    assert empty.num_rows == 0 and "observation_id" in empty.column_names


def test_an_unknown_format_is_refused_before_anything_is_written(
    engine: Engine, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="xlsx"):
        export_study(engine, STUDY, tmp_path / "out", formats=("csv", "xlsx"))
    assert not (tmp_path / "out").exists()


def test_only_the_requested_format_is_written(engine: Engine, tmp_path: Path) -> None:
    written = export_study(engine, STUDY, tmp_path, formats=("parquet",))
    assert written["decisions"] == [tmp_path / f"{STUDY}_decisions.parquet"]
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".parquet"] * 4
