/* The simulation pages: /ui/simulations lists the sessions (and compares two side by side);
 * /ui/simulations/{session} follows a running one's progress live, then shows its summary and
 * plots. Data from /v1/simulations (routes/simulations.py); DOM built with RLS.el only.
 *
 * The progress stream is server-sent events read with fetch, not EventSource: EventSource
 * cannot send the Authorization header, and the token must not go in a URL (logs keep URLs).
 */
"use strict";

(() => {
  const SUMMARY = [
    ["study", "study"],
    ["participants", "participants"],
    ["days", "days"],
    ["decisions", "decisions"],
    ["fallbacks", "fallbacks"],
    ["policy versions", "policy_versions"],
    ["mean probability, first day", "first_day_probability"],
    ["mean probability, last day", "last_day_probability"],
    ["cumulative reward", "cumulative_reward"],
    ["cumulative reward, flat 0.5", "flat_cumulative_reward"],
    ["cumulative reward, uniform", "uniform_cumulative_reward"],
    ["effect estimate error (RMSE)", "effect_rmse"],
    ["replay mismatches", "replay_mismatches"],
    ["wall seconds", "seconds"],
  ];
  const COLOURS = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#b08800", "#6e7781"];

  const path = (session, rest = "") => "/v1/simulations/" + encodeURIComponent(session) + rest;

  function value(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(3);
    if (typeof v === "object") return Object.entries(v).map(([k, x]) => k + " " + value(x)).join(", ");
    return String(v);
  }

  // --- The list, and two sessions side by side -------------------------------------------

  async function listPage() {
    const shown = [];
    const ticked = new Set();
    const compare = document.getElementById("compare-button");
    const more = document.getElementById("more");
    let before = null;

    const tick = (session) =>
      RLS.el("input", {
        type: "checkbox",
        "aria-label": "compare " + session,
        on: {
          change: (e) => {
            if (e.target.checked) ticked.add(session);
            else ticked.delete(session);
            compare.disabled = ticked.size !== 2;
          },
        },
      });

    const render = () =>
      RLS.table(
        document.getElementById("sessions"),
        [
          { label: "", value: (s) => tick(s.session) },
          { label: "Session", value: (s) => RLS.el("a", { href: "/ui/simulations/" + s.session, text: s.session }) },
          { label: "Study", value: (s) => s.study || "" },
          { label: "Started", value: (s) => RLS.when(s.started) },
          { label: "Running", value: (s) => (s.running ? "running" : "") },
          { label: "Decisions", value: (s) => s.decisions },
          { label: "Replay mismatches", value: (s) => s.replay_mismatches },
        ],
        shown,
        "no simulation sessions of your studies yet: `make up` runs one",
      );

    const page = async () => {
      const query = "?limit=20" + (before ? "&before=" + encodeURIComponent(before) : "");
      const found = await RLS.api("/v1/simulations" + query);
      shown.push(...found.sessions);
      before = found.next_before;
      more.classList.toggle("hidden", !before);
      render();
      const table = document.querySelector("#sessions table");
      if (table) table.querySelectorAll("tbody tr").forEach((row, i) => (row.dataset.session = shown[i].session));
    };

    more.addEventListener("click", () => page());
    compare.addEventListener("click", () => sideBySide([...ticked]));
    await page();
  }

  async function sideBySide(sessions) {
    const [a, b] = await Promise.all(sessions.map((s) => RLS.api(path(s))));
    const [plotsA, plotsB] = await Promise.all(sessions.map((s) => RLS.api(path(s, "/plots"))));
    document.getElementById("compare").classList.remove("hidden");
    const rows = SUMMARY.map(([label, key]) => ({
      label,
      a: value((a.results || {})[key] ?? (key === "study" ? a.study : undefined)),
      b: value((b.results || {})[key] ?? (key === "study" ? b.study : undefined)),
    })).filter((r) => r.a !== "" || r.b !== "");
    RLS.table(
      document.getElementById("compare-summary"),
      [
        { label: "", value: (r) => r.label },
        { label: a.session, value: (r) => RLS.el("span", { class: r.a !== r.b ? "differs" : "", text: r.a }) },
        { label: b.session, value: (r) => RLS.el("span", { class: r.a !== r.b ? "differs" : "", text: r.b }) },
      ],
      rows,
    );
    // One chart per plot, both sessions' series on it: session A solid, session B dashed.
    const holder = document.getElementById("compare-plots");
    holder.replaceChildren();
    for (const plot of plotsA.plots) {
      const other = plotsB.plots.find((p) => p.name === plot.name);
      const series = [
        ...plot.series.map((s) => ({ ...s, label: "A " + s.label })),
        ...(other ? other.series.map((s) => ({ ...s, label: "B " + s.label, dash: [6, 4] })) : []),
      ];
      const days = Math.max(plot.x.length, other ? other.x.length : 0);
      draw(holder, { ...plot, x: Array.from({ length: days }, (_, i) => i + 1), series });
    }
  }

  // --- One session: progress, then summary and plots -------------------------------------

  function showProgress(p, finished) {
    const box = document.getElementById("progress");
    box.dataset.done = String(p ? p.done : 0);
    box.dataset.total = String(p ? p.total : 0);
    if (finished) box.dataset.state = "finished";
    const bar = document.getElementById("progress-bar");
    bar.max = p && p.total ? p.total : 1;
    bar.value = p ? p.done : 0;
    const text = p
      ? `${p.done} of ${p.total} windows, day ${p.day} of ${p.days}, ${p.decisions} decisions`
      : "no progress recorded";
    document.getElementById("progress-text").textContent = finished ? text + " (finished)" : text;
  }

  // Reads the stream to its `end` event; returns that event's data.
  async function follow(session) {
    const reply = await fetch(path(session, "/progress"), {
      headers: { Authorization: "Bearer " + RLS.token(), Accept: "text/event-stream" },
    });
    if (reply.status === 401 || reply.status === 403) {
      await RLS.api(path(session)); // the shared helper sends the page to login or refuses it
    }
    if (reply.status === 429) {
      const wait = Number(reply.headers.get("Retry-After") || "10");
      await new Promise((done) => setTimeout(done, wait * 1000));
      return { reason: "busy" };
    }
    if (!reply.ok) throw new RLS.ApiFailure(reply.status, null, "the progress stream failed");
    const reader = reply.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value: chunk, done } = await reader.read();
      if (done) {
        await new Promise((later) => setTimeout(later, 1000)); // cut short: ask again, calmly
        return { reason: "closed" };
      }
      buffer += chunk;
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = parse(block);
        if (!event) continue; // a heartbeat
        if (event.name === "progress") showProgress(event.data, false);
        if (event.name === "end") {
          reader.cancel();
          return event.data;
        }
      }
    }
  }

  function parse(block) {
    let name = "message";
    let data = null;
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) name = line.slice(7);
      else if (line.startsWith("data: ")) data = JSON.parse(line.slice(6));
    }
    return data === null ? null : { name, data };
  }

  async function sessionPage() {
    const session = RLS.pathPart(3);
    document.getElementById("session-id").textContent = session;
    let found = await RLS.api(path(session));
    if (found.running) {
      showProgress(found.progress, false);
      // A stream ends when the run does, or at its lifetime (timeout): then ask again.
      let end = await follow(session);
      while (end.reason !== "finished") end = await follow(session);
      found = await RLS.api(path(session));
    }
    showProgress(found.progress, true);
    summary(found);
    const plots = await RLS.api(path(session, "/plots"));
    const holder = document.getElementById("plots");
    holder.replaceChildren();
    for (const plot of plots.plots) draw(holder, plot);
  }

  function summary(found) {
    const results = found.results || {};
    const rows = SUMMARY.map(([label, key]) => ({ label, v: value(results[key]) })).filter((r) => r.v !== "");
    RLS.table(
      document.getElementById("session-summary"),
      [
        { label: "", value: (r) => r.label },
        { label: found.session, value: (r) => r.v },
      ],
      rows,
      "no results: the run did not finish",
    );
  }

  function draw(holder, plot) {
    const box = RLS.el("div", { class: "chart", data: { plot: plot.name } });
    holder.append(RLS.el("div", {}, RLS.el("h3", { text: plot.title }), box));
    const series = [
      { label: plot.x_label },
      ...plot.series.map((s, i) => ({
        label: s.label,
        stroke: COLOURS[i % COLOURS.length],
        dash: s.dash,
        spanGaps: false,
      })),
    ];
    const data = [plot.x, ...plot.series.map((s) => plot.x.map((_, i) => s.values[i] ?? null))];
    const axes = [{ label: plot.x_label }, { label: plot.y_label }];
    RLS.chart(box, { series, axes, scales: { x: { time: false } } }, data); // x: study days
  }

  RLS.start(() => (RLS.pathPart(3) ? sessionPage() : listPage()));
})();
