/* A participant's timeline (GET /v1/studies/{study}/participants/{participant}/timeline),
 * stepped through event by event with the slider or the arrow keys, like the interactive-RL
 * server's replay page. Step k shows its event and the decision slot that event belongs to as
 * it stood then: context (from the request), state, probability, seed, action and policy
 * version (from the decision), and the outcome (the reward, once the slot's EMA record came
 * in). Later events never leak into an earlier step. The EMA record itself (the participant's
 * answers) is not shown: the reward is the outcome the policy learns from. */
"use strict";

const FIELDS = [
  ["slot", "Decision index"],
  ["context", "Context"],
  ["state", "State"],
  ["probability", "Probability"],
  ["seed", "Seed"],
  ["action", "Action"],
  ["outcome", "Outcome (reward)"],
  ["policy_version", "Policy version"],
];

// What one event adds to its slot.
function apply(slot, event) {
  if (event.kind === "request") slot.context = JSON.stringify(event.context);
  else if (event.kind === "decision") {
    const vector = event.probabilities.length > 2 ? ` (all: ${event.probabilities.map(fixed).join(", ")})` : "";
    slot.state = JSON.stringify(event.state);
    slot.probability = fixed(event.probability) + vector;
    slot.seed = event.seed;
    slot.action = String(event.action);
    slot.policy_version = event.fallback
      ? `${event.policy_version} (fallback: ${event.fallback_reason || "unknown"})`
      : String(event.policy_version);
  } else if (event.kind === "observation") {
    slot.outcome = event.reward === null ? "none (no reward)" : fixed(event.reward);
  }
}

// For each step, the slot it belongs to as it stood after that step: its own event's slot, or
// for an event of no slot (registered, a policy version, a control) the last one touched.
function snapshots(events) {
  const slots = new Map();
  let current = null;
  return events.map((event) => {
    const index = event.decision_index;
    if (index !== undefined && index !== null) {
      current = { ...(slots.get(index) || { slot: String(index) }) };
      apply(current, event);
      slots.set(index, current);
    }
    return current;
  });
}

function fixed(x) {
  return typeof x === "number" ? x.toFixed(3) : String(x);
}

// One line saying what happened at a step.
function describe(e) {
  switch (e.kind) {
    case "registered":
      return `registered (now ${e.status})`;
    case "request":
      return `action requested for slot ${e.decision_index}`;
    case "decision":
      return `decided slot ${e.decision_index}: action ${e.action} at p = ${fixed(e.probability)}` +
        (e.fallback ? ` (fallback: ${e.fallback_reason || "unknown"})` : "");
    case "observation":
      return `EMA record for slot ${e.decision_index} from ${e.source}`;
    case "window":
      return `window ${e.decision_index} ${e.status}` + (e.reason ? ` (${e.reason})` : "");
    case "policy_version":
      return `policy version ${e.version} (${e.algorithm}, parent ${e.parent_version ?? "none"})`;
    case "policy_control":
      return `policy control: ${e.change} by ${e.changed_by}` + (e.reason ? ` (${e.reason})` : "");
    default:
      return e.kind;
  }
}

function detail(event, slot) {
  const rows = FIELDS.flatMap(([key, label]) => {
    const value = slot ? slot[key] : undefined;
    const shown = value === undefined
      ? RLS.el("dd", { class: "unknown", data: { field: key }, text: "not yet" })
      : RLS.el("dd", { data: { field: key }, text: value });
    return [RLS.el("dt", { text: label }), shown];
  });
  return [
    RLS.el("h3", { data: { kind: event.kind }, text: `${RLS.when(event.at)} · ${describe(event)}` }),
    RLS.el("dl", {}, ...rows),
  ];
}

RLS.start(async () => {
  const study = RLS.studyId();
  const participant = RLS.pathPart(5);
  document.getElementById("title").textContent = `Participant ${participant} in ${study}`;
  const found = await RLS.api(
    `/v1/studies/${encodeURIComponent(study)}/participants/${encodeURIComponent(participant)}/timeline`,
  );
  const events = found.events;
  const slots = snapshots(events);
  const slider = document.getElementById("timeline-slider");
  const index = document.getElementById("step-index");
  const shown = document.getElementById("step-detail");
  const rows = events.map((e, k) =>
    RLS.el(
      "tr",
      { data: { step: k }, on: { click: () => go(k) } },
      RLS.el("td", { text: k + 1 }),
      RLS.el("td", { text: RLS.when(e.at) }),
      RLS.el("td", { text: describe(e) }),
    ),
  );
  const head = RLS.el("tr", {}, ...["Step", "At", "Event"].map((t) => RLS.el("th", { text: t })));
  document.getElementById("events").replaceChildren(
    RLS.el("table", {}, RLS.el("thead", {}, head), RLS.el("tbody", {}, ...rows)),
  );

  let at = 0;
  function go(k) {
    at = Math.max(0, Math.min(events.length - 1, k));
    slider.value = String(at);
    index.textContent = `${at + 1} / ${events.length}`;
    index.dataset.step = String(at);
    shown.replaceChildren(...detail(events[at], slots[at]));
    rows.forEach((row, k) => row.classList.toggle("current", k === at));
  }

  slider.max = String(events.length - 1);
  slider.addEventListener("input", () => go(Number(slider.value)));
  document.addEventListener("keydown", (key) => {
    // The focused slider steps by itself (its input event above); so does any other field.
    if (key.target instanceof HTMLInputElement || key.target instanceof HTMLTextAreaElement) return;
    if (key.key === "ArrowRight" || key.key === "ArrowLeft") {
      key.preventDefault();
      go(at + (key.key === "ArrowRight" ? 1 : -1));
    }
  });
  go(0);
});
