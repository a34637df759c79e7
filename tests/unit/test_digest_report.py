"""The digest's renderings: the same numbers in text and HTML, the HTML self-contained."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime

from rladapters.monitoring.digest import Digest, IncidentLine, Probabilities
from rlservice.digest_report import html, text

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
DIGEST = Digest(
    study_id="miwaves",
    day=date(2026, 3, 2),
    timezone="America/Detroit",
    policy_decisions=30,
    fallback_decisions=10,
    fallback_causes={"timeout": 7, "no_state": 3},
    missing=2,
    duplicates=0,
    treated=16,
    probabilities=Probabilities(0.41, 0.2, 0.4, 0.65),
    windows_closed=40,
    windows_without_data=10,
    incidents_opened=[IncidentLine(7, "missing_decisions", "red", AT, None, None)],
    incidents_resolved=[],
    checks={"missing_decisions": "red", "fallback_rate": "yellow", "dead_letters": "green"},
    policy_version=4,
    policy_age_hours=20.5,
    dead_letters=1,
    failed_windows=3,
)


def test_the_text_shows_the_days_numbers_and_what_is_not_green() -> None:
    out = text(DIGEST)
    assert re.search(r"^decisions +40$", out, re.M)
    assert re.search(r"^  by the fallback +10 \(no_state: 3, timeout: 7\)$", out, re.M)
    assert re.search(r"^treated +16 \(40.0%\)$", out, re.M)
    assert re.search(r"^EMA windows without data +10 of 40 \(25.0%\)$", out, re.M)
    assert re.search(r"^policy version \(age at the day's end\) +4 \(20.5 h\)$", out, re.M)
    assert "#7 missing_decisions (red), opened 2026-03-02 09:30" in out
    assert out.rstrip().endswith("checks not green: missing_decisions red, fallback_rate yellow")


def test_a_day_without_decisions_or_versions_shows_dashes() -> None:
    empty = replace(
        DIGEST,
        policy_decisions=0,
        fallback_decisions=0,
        fallback_causes={},
        treated=0,
        probabilities=None,
        policy_version=None,
        policy_age_hours=None,
    )
    out = text(empty)
    assert re.search(r"^treated +0 \(-\)$", out, re.M)
    assert re.search(r"^P\(treatment\) mean / p10 / median / p90 +-$", out, re.M)
    assert re.search(r"none \(-\)$", out, re.M)


def test_the_html_is_self_contained_with_bars_in_proportion() -> None:
    page = html(DIGEST)
    assert "<script" not in page and "<link" not in page and "src=" not in page
    widths = [int(w) for w in re.findall(r'<rect x="120" y="\d+" width="(\d+)"', page)]
    assert widths == [
        240,
        80,
        16,
        128,
    ]  # policy 30 (the longest), fallback 10, missing 2, treated 16
    assert "40.0%" in page and "#7 missing_decisions (red)" in page
