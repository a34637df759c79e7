/* The overview: the studies the caller holds a role in, each with its health status (the
 * worst of its checks, GET /v1/studies/{study}/health). A backend-only role cannot read the
 * health: its row says so rather than refusing the whole page. */
"use strict";

const READERS = ["analyst", "operator"]; // who may read a study's health

async function health(study) {
  if (!study.roles.some((r) => READERS.includes(r))) return null;
  try {
    return await RLS.api("/v1/studies/" + encodeURIComponent(study.id) + "/health");
  } catch (error) {
    if (error instanceof RLS.ApiFailure) return { status: "unknown", checks: [], failed: error.message };
    throw error;
  }
}

function row(study, found) {
  const status = found ? found.status : "unknown";
  const bad = found ? found.checks.filter((c) => c.status !== "green").map((c) => c.check) : [];
  const note = found ? found.failed || bad.join(", ") : "needs the role analyst or operator";
  const link = RLS.el("a", { href: "/ui/studies/" + encodeURIComponent(study.id), text: study.id });
  return RLS.el(
    "tr",
    { data: { study: study.id, status } },
    RLS.el("td", {}, link),
    RLS.el("td", { text: study.name }),
    RLS.el("td", {}, RLS.statusBadge(status)),
    RLS.el("td", { text: note }),
    RLS.el("td", { text: study.roles.join(", ") }),
  );
}

RLS.start(async () => {
  const studies = await RLS.studies();
  const found = await Promise.all(studies.map(health));
  const body = document.querySelector("#studies tbody");
  body.replaceChildren(...studies.map((s, i) => row(s, found[i])));
  if (!studies.length) RLS.message(document.getElementById("error"), "You hold no role in any study.");
});
