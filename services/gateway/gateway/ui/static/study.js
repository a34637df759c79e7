/* A study's page: its status and health checks, incidents, the last 30 days in charts
 * (GET .../daily) and by state (GET .../probability-by-state), failed windows and dead letters,
 * and its participants (first page).
 * Operators get the buttons (re-pull, re-drive, resolve); the routes refuse anyone else anyway. */
"use strict";

const STUDY = RLS.studyId();
const BASE = "/v1/studies/" + encodeURIComponent(STUDY);
const DAYS = 30;
const PAGE = 100; // participants and dead letters shown: the newest (or first) page
const REFRESH_MS = 15000; // the status is read again this often: the trainer re-checks it

async function showHealth() {
  const health = await RLS.api(BASE + "/health");
  const badge = document.getElementById("study-status");
  badge.dataset.status = health.status;
  badge.replaceChildren(RLS.statusBadge(health.status));
  RLS.table(document.getElementById("health-checks"), [
    { label: "Check", value: (c) => RLS.el("span", { title: c.meaning, text: c.check }) },
    { label: "Status", value: (c) => RLS.statusBadge(c.status) },
    { label: "Value", value: (c) => c.value },
    { label: "Threshold", value: (c) => c.threshold },
    { label: "Since", value: (c) => RLS.when(c.since) },
    { label: "Evidence", value: (c) => c.evidence },
    { label: "Evaluated", value: (c) => RLS.when(c.evaluated_at) },
  ], health.checks, "not evaluated yet: the trainer runs the checks");
}

async function showIncidents(operator) {
  const found = await RLS.api(BASE + "/incidents?limit=" + PAGE);
  const columns = [
    { label: "#", value: (i) => i.id },
    { label: "Check", value: (i) => i.check },
    { label: "Severity", value: (i) => RLS.statusBadge(i.severity) },
    { label: "Opened", value: (i) => RLS.when(i.opened_at) },
    { label: "Closed", value: (i) => RLS.when(i.closed_at) || "open" },
    { label: "Resolved", value: (i) => resolution(i, operator) },
  ];
  RLS.table(document.getElementById("incidents"), columns, found.incidents, "no incident");
}

function resolution(incident, operator) {
  if (incident.resolved_at) {
    return `${RLS.when(incident.resolved_at)} by ${incident.resolved_by}: ${incident.note}`;
  }
  if (!operator) return "";
  const note = RLS.el("input", { type: "text", maxlength: "1000", placeholder: "what was done" });
  const shown = RLS.el("span");
  const resolve = async () => {
    if (!note.value.trim()) return RLS.message(shown, "write a note first", "error");
    try {
      const path = `${BASE}/incidents/${incident.id}/resolve`;
      await RLS.api(path, { method: "POST", body: { note: note.value.trim() } });
      await showIncidents(operator);
    } catch (error) {
      if (error instanceof RLS.ApiFailure) RLS.message(shown, error.message, "error");
      else throw error;
    }
  };
  const button = RLS.el("button", { type: "button", text: "Resolve", on: { click: resolve } });
  return RLS.el("span", { class: "actions" }, note, button, shown);
}

async function showDaily() {
  const daily = await RLS.api(BASE + "/daily?days=" + DAYS);
  const counts = Object.entries(daily.participants).map(([state, n]) =>
    RLS.el("div", { class: "count", data: { state } }, RLS.el("strong", { text: n }), state),
  );
  const box = document.getElementById("participant-counts");
  if (counts.length) box.replaceChildren(...counts);
  else RLS.message(box, "no participant yet");

  // uPlot's time axis is in seconds; a day is drawn at its midnight in the browser's zone.
  const x = daily.days.map((d) => new Date(d.day + "T00:00:00").getTime() / 1000);
  const col = (key) => daily.days.map((d) => d[key]);
  const treated = daily.days.map((d) => {
    const n = d.policy + d.fallback;
    return n ? d.treated / n : null;
  });
  // Policy and fallback side by side on each day (uPlot draws two bar series over each other).
  const bars = (align) => ({
    paths: typeof uPlot === "undefined" ? undefined : uPlot.paths.bars({ size: [0.4, 24], align }),
    points: { show: false },
  });
  RLS.chart(document.getElementById("decisions-chart"), {
    title: "Decisions per day",
    series: [
      {},
      { label: "policy", stroke: "#0969da", fill: "rgba(9,105,218,0.3)", ...bars(-1) },
      { label: "fallback", stroke: "#cf222e", fill: "rgba(207,34,46,0.3)", ...bars(1) },
    ],
  }, [x, col("policy"), col("fallback")]);
  RLS.chart(document.getElementById("probability-chart"), {
    title: "Probability of treatment (mean; p10, median, p90)",
    scales: { y: { range: [0, 1] } },
    series: [
      {},
      { label: "mean", stroke: "#0969da", width: 2 },
      { label: "p10", stroke: "#8c959f", dash: [4, 4] },
      { label: "median", stroke: "#6e7781" },
      { label: "p90", stroke: "#8c959f", dash: [4, 4] },
    ],
  }, [x, col("mean_probability"), col("p10"), col("median"), col("p90")]);
  RLS.chart(document.getElementById("treated-chart"), {
    title: "Share treated",
    scales: { y: { range: [0, 1] } },
    series: [{}, { label: "treated", stroke: "#1a7f37", width: 2 }],
  }, [x, treated]);
}

// A state shown as its entries' values, named as the study file names them.
function stateText(state, names) {
  if (state === null) return "every other state";
  const shown = (v) => (Number.isInteger(v) ? String(v) : v.toPrecision(3));
  return state.map((v, i) => `${names[i] ?? i} = ${shown(v)}`).join(", ");
}

async function showByState() {
  const found = await RLS.api(BASE + "/probability-by-state?days=" + DAYS);
  const box = document.getElementById("state-probabilities");
  const mean = (g) => RLS.el("span", { class: "bar" },
    RLS.el("meter", { min: "0", max: "1", value: String(g.mean_probability) }),
    g.mean_probability.toPrecision(3));
  RLS.table(box, [
    { label: "State", value: (g) => stateText(g.state, found.names) },
    { label: "Decisions", value: (g) => g.decisions },
    { label: "Mean probability", value: mean },
    { label: "Lowest", value: (g) => g.min_probability },
    { label: "Highest", value: (g) => g.max_probability },
  ], found.states, "no policy decision yet");
  // A continuous entry makes nearly every state its own: say why the table is not all of them.
  if (found.states.some((g) => g.state === null)) {
    const text = `${found.decisions} policy decisions in ${found.distinct} distinct states: ` +
      "the most frequent are shown one by one, the others summed in the last row";
    box.append(RLS.el("p", { class: "empty", text }));
  }
}

async function showFailedWindows() {
  const found = await RLS.api(BASE + "/windows/failed");
  RLS.table(document.getElementById("failed-windows"), [
    { label: "Participant", value: (w) => w.participant_id },
    { label: "Decision", value: (w) => w.decision_index },
    { label: "Reason", value: (w) => w.reason },
    { label: "Attempts", value: (w) => w.attempts },
    { label: "Last tried", value: (w) => RLS.when(w.updated_at) },
  ], found.windows, "no failed window");
}

async function repull() {
  const shown = document.getElementById("repull-result");
  try {
    const done = await RLS.api(BASE + "/windows/failed/retry", { method: "POST" });
    RLS.message(shown, `${done.windows} window(s) pulled again`);
    await showFailedWindows();
  } catch (error) {
    if (error instanceof RLS.ApiFailure) RLS.message(shown, error.message, "error");
    else throw error;
  }
}

// Dead letters are operators' (a letter keeps a whole message): an analyst is not asked.
async function showDeadLetters(operator) {
  const box = document.getElementById("dead-letters");
  if (!operator) return RLS.message(box, "shown to the study's operators");
  const query = new URLSearchParams({ study_id: STUDY, limit: PAGE });
  const found = await RLS.api("/v1/dead-letters?" + query);
  RLS.table(box, [
    { label: "#", value: (d) => d.id },
    { label: "Service", value: (d) => d.service },
    { label: "Topic", value: (d) => d.source_topic },
    { label: "Reason", value: (d) => d.reason },
    { label: "At", value: (d) => RLS.when(d.created_at) },
    { label: "Re-driven", value: (d) => (d.redriven_at ? RLS.when(d.redriven_at) : redrive(d)) },
  ], found.dead_letters, "no dead letter");
}

function redrive(letter) {
  const shown = RLS.el("span");
  const click = async () => {
    try {
      await RLS.api(`/v1/dead-letters/${letter.id}/redrive`, { method: "POST" });
      await showDeadLetters(true);
    } catch (error) {
      if (error instanceof RLS.ApiFailure) RLS.message(shown, error.message, "error");
      else throw error;
    }
  };
  return RLS.el("span", {}, RLS.el("button", { type: "button", text: "Re-drive", on: { click } }), shown);
}

async function showParticipants() {
  const found = await RLS.api(BASE + "/participants?limit=" + PAGE);
  const link = (p) => RLS.el("a", {
    href: `/ui/studies/${encodeURIComponent(STUDY)}/participants/${encodeURIComponent(p.participant_id)}`,
    text: p.participant_id,
  });
  const note = found.next_after ? `the first ${PAGE}` : undefined;
  RLS.table(document.getElementById("participants"), [
    { label: "Participant (timeline)", value: link },
    { label: "State", value: (p) => p.status },
    { label: "Registered", value: (p) => RLS.when(p.registered_at) },
    { label: "Decisions", value: (p) => p.decisions },
    { label: "Last decision", value: (p) => RLS.when(p.last_decision_at) },
  ], found.participants, "no participant yet");
  if (note) document.getElementById("participants").append(RLS.el("p", { class: "empty", text: note }));
}

RLS.start(async () => {
  document.getElementById("study-name").textContent = STUDY;
  document.title = STUDY + " · rl-service";
  await showHealth(); // first: a caller without a role here is refused before anything shows
  const operator = (await RLS.roles(STUDY)).has("operator");
  for (const el of document.querySelectorAll(".operator-only")) el.classList.toggle("hidden", !operator);
  document.getElementById("repull").addEventListener("click", repull);
  setInterval(() => showHealth().catch(() => {}), REFRESH_MS); // a failure shows at the next
  await Promise.all([
    showIncidents(operator),
    showDaily(),
    showByState(),
    showFailedWindows(),
    showDeadLetters(operator),
    showParticipants(),
  ]);
});
