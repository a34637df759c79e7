/* /ui/studies/{study}/policies: the study's policy versions with where each came from (parent,
 * the observations it was fit on, what triggered it, the code that fit it), and for a chosen
 * version and state the probability of each action and the posterior of each action's advantage
 * over action 0 behind it (GET .../policies/{v}/distribution).
 */
"use strict";

(() => {
  const study = RLS.studyId();
  const base = "/v1/studies/" + encodeURIComponent(study);

  function fitRange(fit) {
    if (!fit || fit.to_observation_id === undefined) return "the prior";
    return `observations ${fit.from_observation_id}–${fit.to_observation_id} (${fit.observations})`;
  }

  function versions(policies, choose) {
    RLS.table(
      document.getElementById("versions"),
      [
        { label: "Version", value: (p) => p.version },
        { label: "Parent", value: (p) => (p.parent_version === null ? "—" : p.parent_version) },
        { label: "Created", value: (p) => RLS.when(p.created_at) },
        { label: "Trigger", value: (p) => (p.fit_on && p.fit_on.trigger) || "initial" },
        { label: "Fit on", value: (p) => fitRange(p.fit_on) },
        { label: "Algorithm", value: (p) => p.algorithm },
        { label: "Code version", value: (p) => p.code_version },
        {
          label: "",
          value: (p) => RLS.el("button", { type: "button", text: "choose", on: { click: () => choose(p.version) } }),
        },
      ],
      policies,
      "no policy version yet",
    );
    const rows = document.querySelectorAll("#versions tbody tr");
    rows.forEach((row, i) => (row.dataset.version = String(policies[i].version)));
  }

  async function show(version, state) {
    const out = document.getElementById("distribution");
    document.querySelectorAll("#versions tbody tr").forEach((row) => {
      row.classList.toggle("chosen", row.dataset.version === String(version));
    });
    const query = "?state=" + encodeURIComponent(state);
    let found;
    try {
      found = await RLS.api(`${base}/policies/${version}/distribution${query}`);
    } catch (error) {
      if (error instanceof RLS.ApiFailure) {
        RLS.message(out, error.message, "error"); // e.g. a state of the wrong length
        return;
      }
      throw error;
    }
    out.dataset.version = String(found.policy_version);
    RLS.table(
      out,
      [
        { label: "Action", value: (a) => a.action },
        { label: "Probability", value: (a) => a.probability.toFixed(3) },
        {
          label: "",
          value: (a) => RLS.el("meter", { min: "0", max: "1", value: String(a.probability) }),
        },
      ],
      found.probabilities,
    );
    posterior(found.advantages);
  }

  // The posterior of each action's advantage over action 0: N(mean, sd²), drawn as densities.
  function posterior(advantages) {
    const out = document.getElementById("advantages");
    if (!advantages) {
      RLS.message(out, "a flat policy: no posterior, the same probabilities everywhere");
      return;
    }
    const table = RLS.el("div");
    RLS.table(
      table,
      [
        { label: "Action", value: (a) => a.action },
        { label: "Advantage, mean", value: (a) => a.mean.toFixed(3) },
        { label: "sd", value: (a) => a.sd.toFixed(3) },
        { label: "95% interval", value: (a) => `${(a.mean - 1.96 * a.sd).toFixed(3)} to ${(a.mean + 1.96 * a.sd).toFixed(3)}` },
      ],
      advantages,
    );
    const box = RLS.el("div", { class: "chart" });
    out.replaceChildren(table, box);
    const low = Math.min(...advantages.map((a) => a.mean - 4 * a.sd), -1e-6);
    const high = Math.max(...advantages.map((a) => a.mean + 4 * a.sd), 1e-6);
    const x = Array.from({ length: 201 }, (_, i) => low + ((high - low) * i) / 200);
    const density = (a) => x.map((v) => (a.sd > 0 ? Math.exp(-0.5 * ((v - a.mean) / a.sd) ** 2) / (a.sd * Math.sqrt(2 * Math.PI)) : null));
    RLS.chart(
      box,
      {
        series: [{ label: "advantage" }, ...advantages.map((a, i) => ({ label: "action " + a.action, stroke: ["#0969da", "#cf222e", "#1a7f37", "#8250df"][i % 4] }))],
        scales: { x: { time: false } },
        axes: [{ label: "advantage over action 0" }, { label: "posterior density" }],
      },
      [x, ...advantages.map(density)],
    );
  }

  RLS.start(async () => {
    document.getElementById("study-name").textContent = study;
    const { policies } = await RLS.api(base + "/policies");
    const select = document.getElementById("version");
    const stateInput = document.getElementById("state");
    select.replaceChildren(...policies.map((p) => RLS.el("option", { value: String(p.version), text: "v" + p.version })));
    const choose = (version) => {
      select.value = String(version);
      if (stateInput.value.trim()) show(version, stateInput.value.trim());
      else stateInput.focus();
    };
    versions(policies, choose);
    document.getElementById("distribution-form").addEventListener("submit", (event) => {
      event.preventDefault();
      if (select.value && stateInput.value.trim()) show(select.value, stateInput.value.trim());
    });
  });
})();
