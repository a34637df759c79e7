"""deploy/prometheus (scrape config, alert rules and their tests) and the Grafana dashboard hold
to the code: every metric they name is one the services register, so renaming a metric breaks
this test, not a trial's alerts; every alert has a severity, a summary and a runbook section."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from typing import Any

import pytest
import yaml
from prometheus_client import REGISTRY

import decision.service
import gateway.app
import ingest.service
import rlkernel.runtime
import trainer.service
from rlkernel.settings import PROJECT_ROOT
from tests.tooling.test_compose import gateway_metrics_port

PROMETHEUS = PROJECT_ROOT / "deploy" / "prometheus"
DASHBOARD = PROJECT_ROOT / "deploy" / "grafana" / "rl-service.json"
RUNBOOK = PROJECT_ROOT / "docs" / "alerts.md"
SEVERITIES = {"red", "yellow"}
PROMETHEUS_OWN = {"up"}  # written by Prometheus for each scrape target
# deploy/bootstrap.sh puts it in the venv, next to the tests' Python.
PROMTOOL = shutil.which(
    "promtool", path=f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ.get('PATH', '')}"
)
KEYWORDS = {"and", "or", "unless", "bool", "offset", "inf", "nan"}
GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
NAME = re.compile(r"(?<![\w$.:])([a-zA-Z_:][\w:]*)(?![\w:]|\s*\()")


def metric_names(expr: str) -> set[str]:
    """The metric names of a PromQL expression: identifiers left once strings, label matchers,
    ranges and grouping clauses are taken out, except functions (followed by a parenthesis)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = GROUPING.sub(" ", text)
    return {n for n in NAME.findall(text) if n not in KEYWORDS}


# Their wiring imports every module of every service, so every metric is registered.
SERVICES = (gateway.app, decision.service, ingest.service, trainer.service, rlkernel.runtime)
SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
}


@cache
def registered() -> frozenset[str]:
    """Every series name the services expose, suffixes included."""
    names: set[str] = set()
    for family in REGISTRY.collect():
        names |= {family.name + s for s in SUFFIXES.get(family.type, ("",))}
    return frozenset(names)


def rules() -> list[dict[str, Any]]:
    document = yaml.safe_load((PROMETHEUS / "rules.yml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def dashboard_exprs() -> list[str]:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [t["expr"] for p in panels for t in p.get("targets", [])]


def test_the_name_reader_finds_metrics_not_functions_labels_or_keywords() -> None:
    expr = (
        'histogram_quantile(0.95, sum by (study, le) (rate(a_bucket{route=~"x|y"}[5m])))'
        " > 2 * max without (instance) (b) and on (study) c_total offset 1h"
    )
    assert metric_names(expr) == {"a_bucket", "b", "c_total"}


def test_every_metric_in_the_rules_and_the_dashboard_is_registered_by_the_services() -> None:
    used = {n for r in rules() for n in metric_names(r["expr"])}
    used |= {n for e in dashboard_exprs() for n in metric_names(e)}
    assert used - PROMETHEUS_OWN, "no metric found: the reader is broken"
    assert used - PROMETHEUS_OWN - registered() == set()


def test_the_dashboard_shows_what_a_trial_team_watches() -> None:
    shown = {n for e in dashboard_exprs() for n in metric_names(e)}
    assert {
        "rls_decisions_total",  # decisions per study by outcome
        "rls_decision_fallbacks_total",
        "rls_decision_treatment_probability_bucket",
        "rls_http_request_seconds_bucket",  # latency percentiles by route
        "rls_consumer_lag_messages",
        "rls_policy_age_seconds",
    } <= shown
    document = json.loads(DASHBOARD.read_text())
    ids = [p["id"] for p in document["panels"]]
    assert len(ids) == len(set(ids))
    for panel in document["panels"]:
        assert panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24, panel["title"]
        for target in panel.get("targets", []):
            assert target["datasource"]["uid"] == "${datasource}", panel["title"]


def test_every_alert_has_a_severity_a_summary_and_a_runbook_section() -> None:
    headings = re.findall(r"^## (\w+)$", RUNBOOK.read_text(), re.MULTILINE)
    alerts = [rule["alert"] for rule in rules()]
    assert sorted(headings) == sorted(alerts), "one runbook section per alert, and no other"
    for rule in rules():
        assert rule["labels"]["severity"] in SEVERITIES, rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
        assert rule["annotations"]["runbook"] == f"docs/alerts.md#{rule['alert'].lower()}"


def test_prometheus_scrapes_every_service_on_its_default_metrics_port() -> None:
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    assert config["rule_files"] == ["rules.yml"]
    scraped = {
        job["job_name"]: [t for c in job["static_configs"] for t in c["targets"]]
        for job in config["scrape_configs"]
    }
    ports = {**rlkernel.runtime.DEFAULT_METRICS_PORTS, "gateway": gateway_metrics_port()}
    assert scraped == {f"rls-{name}": [f"127.0.0.1:{port}"] for name, port in ports.items()}


@pytest.mark.skipif(
    PROMTOOL is None,
    reason="promtool is not installed: deploy/bootstrap.sh unpacks it into .venv/bin from "
    "Debian's prometheus package",
)
@pytest.mark.parametrize(
    "command",
    [
        ["check", "config", "prometheus.yml"],  # the rules file too
        ["test", "rules", "rules_test.yml"],  # each alert raised by the series that should
    ],
)
def test_promtool_accepts_the_config_and_every_alert_fires_as_its_test_says(
    command: list[str],
) -> None:
    done = subprocess.run(
        [str(PROMTOOL), *command], cwd=PROMETHEUS, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
