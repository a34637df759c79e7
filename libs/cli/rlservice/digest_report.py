"""The daily digest for a trial team, as plain text (for a terminal or an e-mail body) and as
one self-contained HTML file: no script, no link out, its bar charts inline SVG. Both render the
same numbers (rladapters.monitoring.digest); neither holds an answer."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from rladapters.monitoring.digest import Digest, IncidentLine

BAR_WIDTH = 240  # px of the longest bar


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def lines(d: Digest) -> list[tuple[str, str]]:
    """(label, value) rows, in reading order: what both renderings show."""
    p = d.probabilities
    causes = ", ".join(f"{c}: {n}" for c, n in sorted(d.fallback_causes.items()))
    age = f"{d.policy_age_hours:.1f} h" if d.policy_age_hours is not None else "-"
    version = str(d.policy_version) if d.policy_version is not None else "none"
    return [
        ("decisions", str(d.decisions)),
        ("  by the policy", str(d.policy_decisions)),
        ("  by the fallback", f"{d.fallback_decisions}" + (f" ({causes})" if causes else "")),
        ("missing decisions", str(d.missing)),
        ("duplicate decisions", str(d.duplicates)),
        ("treated", f"{d.treated} ({_share(d.treated, d.decisions)})"),
        (
            "P(treatment) mean / p10 / median / p90",
            f"{p.mean:.3f} / {p.p10:.3f} / {p.median:.3f} / {p.p90:.3f}" if p else "-",
        ),
        (
            "EMA windows without data",
            f"{d.windows_without_data} of {d.windows_closed} "
            f"({_share(d.windows_without_data, d.windows_closed)})",
        ),
        ("incidents opened", str(len(d.incidents_opened))),
        ("incidents resolved", str(len(d.incidents_resolved))),
        ("policy version (age at the day's end)", f"{version} ({age})"),
        ("dead letters waiting", str(d.dead_letters)),
        ("failed windows waiting", str(d.failed_windows)),
    ]


def _incident(i: IncidentLine) -> str:
    closed = f", closed {i.closed_at:%Y-%m-%d %H:%M}" if i.closed_at else ""
    return f"#{i.id} {i.check} ({i.severity}), opened {i.opened_at:%Y-%m-%d %H:%M}{closed}"


def text(d: Digest) -> str:
    rows = lines(d)
    width = max(len(label) for label, _ in rows)
    out = [f"rl-service digest: {d.study_id}, {d.day.isoformat()} ({d.timezone})", ""]
    out += [f"{label:<{width}}  {value}" for label, value in rows]
    for title, incidents in (("opened", d.incidents_opened), ("resolved", d.incidents_resolved)):
        if incidents:
            out += ["", f"incidents {title}:"] + [f"  {_incident(i)}" for i in incidents]
    failing = {c: s for c, s in d.checks.items() if s != "green"}
    out += [
        "",
        "checks not green: " + (", ".join(f"{c} {s}" for c, s in failing.items()) or "none"),
    ]
    return "\n".join(out) + "\n"


def _bars(bars: Iterable[tuple[str, int, str]]) -> str:
    """A horizontal bar chart as inline SVG: (label, count, CSS colour) per bar."""
    bars = list(bars)
    top = max((n for _, n, _ in bars), default=0) or 1
    height = 22 * len(bars)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="420" height="{height}" role="img">']
    for row, (label, n, colour) in enumerate(bars):
        y, w = 22 * row, round(BAR_WIDTH * n / top)
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="12">{escape(label)}</text>'
            f'<rect x="120" y="{y + 3}" width="{w}" height="16" fill="{colour}"/>'
            f'<text x="{126 + w}" y="{y + 15}" font-size="12">{n}</text>'
        )
    return "".join(parts) + "</svg>"


STATUS_COLOURS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}


def html(d: Digest) -> str:
    title = f"rl-service digest: {d.study_id}, {d.day.isoformat()}"
    rows = "".join(
        f"<tr><th>{escape(label.strip())}</th><td>{escape(value)}</td></tr>"
        for label, value in lines(d)
    )
    decisions = _bars(
        [
            ("policy", d.policy_decisions, "#1565c0"),
            ("fallback", d.fallback_decisions, "#ef6c00"),
            ("missing", d.missing, "#c62828"),
            ("treated", d.treated, "#6a1b9a"),
        ]
    )
    checks = "".join(
        f'<li><span style="color:{STATUS_COLOURS.get(s, "#000")}">&#9679;</span> '
        f"{escape(c)}: {escape(s)}</li>"
        for c, s in d.checks.items()
    )
    incidents = "".join(
        f"<li>{escape(_incident(i))}</li>" for i in d.incidents_opened + d.incidents_resolved
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}th{text-align:left;padding-right:2em}"
        "</style></head><body>"
        f"<h1>{escape(title)}</h1><p>Day in {escape(d.timezone)}.</p>"
        f"<h2>Decisions</h2>{decisions}<table>{rows}</table>"
        f"<h2>Incidents that day</h2><ul>{incidents or '<li>none</li>'}</ul>"
        f"<h2>Checks at their last evaluation</h2><ul>{checks or '<li>not evaluated</li>'}</ul>"
        "</body></html>\n"
    )
