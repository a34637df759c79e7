/* rl-service dashboard: what every page shares. Loaded first (`defer`); a page's own script
 * loads after it and uses the `RLS` namespace below. No framework, no build step.
 *
 * The pages hold no data: each fetches JSON from /v1 with the token from the login page, kept
 * in sessionStorage (gone when the tab closes) and sent as `Authorization: Bearer`.
 * The Content-Security-Policy forbids inline scripts, style attributes and eval: build DOM with
 * RLS.el / textContent (never markup built from data), style with classes from app.css.
 *
 *   RLS.start(async () => {...})   run a page once the DOM is ready, after the nav bar; a
 *                                  Refused error is already shown, any other error is shown
 *                                  in #error
 *   RLS.api(path, {method, body})  fetch JSON from the gateway (body: an object, sent as JSON);
 *                                  401 -> back to /ui/login; 403 -> RLS.refuse() and throws
 *                                  Refused; another failure throws ApiFailure (.status, .code)
 *   RLS.refuse(message)            replace the page's <main> with #refused: no data stays
 *   RLS.login(username, password)  POST /v1/tokens, keep the token; RLS.logout()
 *   RLS.studyId()                  the {study} of /ui/studies/{study}/... (decoded), or null
 *   RLS.pathPart(i)                the i-th segment of the page's path (decoded)
 *   RLS.studies()                  the studies the caller may see (GET /v1/studies, fetched once)
 *   RLS.roles(studyId)             the caller's roles there (from RLS.studies()), a Set
 *   RLS.el(tag, attrs, ...kids)    an element; attrs: {class, id, text, data: {k: v}, on: {click: f},
 *                                  any other attribute}; kids: nodes or strings (as text)
 *   RLS.table(container, columns, rows, empty)  replace the container's children with a table;
 *                                  columns: [{label, value: row => string|number|Node}]
 *   RLS.chart(el, opts, data)      a uPlot chart in `el` sized to it: opts are uPlot's (title,
 *                                  series, axes, ...); data uPlot's columns [[x...], [y...], ...]
 *   RLS.statusBadge(status)        a span coloured by green|yellow|red|unknown, data-status set
 *   RLS.when(iso)                  an ISO time, shorter, in the browser's time zone
 *   RLS.message(el, text, kind)    put a one-line notice ("error" | "ok") in el
 */
"use strict";

const RLS = (() => {
  const TOKEN_KEY = "rls.token";

  class Refused extends Error {}
  class ApiFailure extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function toLogin() {
    sessionStorage.removeItem(TOKEN_KEY);
    const next = location.pathname + location.search;
    location.assign("/ui/login?next=" + encodeURIComponent(next));
  }

  async function login(username, password) {
    const reply = await fetch("/v1/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    const body = await reply.json().catch(() => ({}));
    if (!reply.ok) {
      throw new ApiFailure(reply.status, body.code, body.message || "login failed");
    }
    sessionStorage.setItem(TOKEN_KEY, body.access_token);
  }

  function logout() {
    const sent = token();
    sessionStorage.removeItem(TOKEN_KEY);
    if (sent) {
      // Revokes the token server-side too; the page leaves whatever the answer.
      fetch("/auth/logout", { method: "POST", headers: { Authorization: "Bearer " + sent } })
        .finally(() => location.assign("/ui/login"));
    } else {
      location.assign("/ui/login");
    }
  }

  async function api(path, options = {}) {
    const sent = token();
    if (!sent) {
      toLogin();
      throw new Refused("not logged in");
    }
    const headers = { Authorization: "Bearer " + sent, Accept: "application/json" };
    const init = { method: options.method || "GET", headers };
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    const reply = await fetch(path, init);
    if (reply.status === 401) {
      toLogin();
      throw new Refused("not logged in");
    }
    if (reply.status === 403) {
      refuse();
      throw new Refused("not allowed");
    }
    const body = await reply.json().catch(() => null);
    if (!reply.ok) {
      const why = (body && body.message) || reply.statusText;
      throw new ApiFailure(reply.status, body && body.code, why);
    }
    return body;
  }

  function refuse(message) {
    const main = document.querySelector("main");
    const text = message || "You are not allowed to see this study.";
    main.replaceChildren(el("p", { id: "refused", class: "notice error", text }));
  }

  function el(tag, attrs = {}, ...kids) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "class") node.className = value;
      else if (key === "data") Object.assign(node.dataset, value);
      else if (key === "on") {
        for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
      } else node.setAttribute(key, value);
    }
    for (const kid of kids) {
      if (kid === undefined || kid === null) continue;
      node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return node;
  }

  function table(container, columns, rows, empty = "none") {
    if (!rows.length) {
      container.replaceChildren(el("p", { class: "empty", text: empty }));
      return;
    }
    const head = el("tr", {}, ...columns.map((c) => el("th", { text: c.label })));
    const body = rows.map((row) =>
      el("tr", {}, ...columns.map((c) => el("td", {}, cell(c.value(row))))),
    );
    container.replaceChildren(el("table", {}, el("thead", {}, head), el("tbody", {}, ...body)));
  }

  function cell(value) {
    if (value instanceof Node) return value;
    if (value === null || value === undefined) return "";
    if (typeof value === "number" && !Number.isInteger(value)) return value.toPrecision(3);
    return String(value);
  }

  function chart(element, opts, data) {
    if (typeof uPlot === "undefined") {
      // deploy/bootstrap.sh fetches it; the page still shows its tables without it.
      message(element, "charts need uPlot: run deploy/bootstrap.sh", "error");
      return null;
    }
    element.replaceChildren();
    const size = () => ({ width: Math.max(element.clientWidth, 300), height: opts.height || 220 });
    const plot = new uPlot({ ...opts, ...size() }, data, element);
    window.addEventListener("resize", () => plot.setSize(size()));
    return plot;
  }

  function statusBadge(status) {
    const known = ["green", "yellow", "red"].includes(status) ? status : "unknown";
    return el("span", { class: "badge " + known, data: { status: known }, text: known });
  }

  function when(iso) {
    if (!iso) return "";
    const t = new Date(iso);
    return t.toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });
  }

  function message(element, text, kind = "ok") {
    element.replaceChildren(el("p", { class: "notice " + kind, text }));
  }

  function pathPart(i) {
    const part = location.pathname.split("/")[i];
    return part === undefined ? null : decodeURIComponent(part);
  }

  function studyId() {
    return pathPart(2) === "studies" ? pathPart(3) : null;
  }

  let listed = null; // GET /v1/studies, once per page
  async function studies() {
    listed = listed || api("/v1/studies");
    return (await listed).studies;
  }

  async function roles(study) {
    const found = (await studies()).find((s) => s.id === study);
    return new Set(found ? found.roles : []);
  }

  // The nav bar: the studies, and the current study's pages. H2 and H3 add their links here.
  function nav() {
    const bar = document.getElementById("nav");
    if (!bar) return;
    const study = studyId();
    const links = [["Studies", "/ui"]];
    if (study) {
      const base = "/ui/studies/" + encodeURIComponent(study);
      links.push([study, base], ["Policies", base + "/policies"]);
    }
    links.push(["Simulations", "/ui/simulations"]);
    const out = el("button", { type: "button", class: "link", text: "Log out", on: { click: logout } });
    bar.replaceChildren(
      el("span", { class: "brand", text: "rl-service" }),
      ...links.map(([label, href]) => el("a", { href, text: label })),
      out,
    );
  }

  function start(page) {
    const run = async () => {
      nav();
      try {
        await page();
      } catch (error) {
        if (error instanceof Refused) return;
        const shown = document.getElementById("error");
        if (shown) message(shown, error.message, "error");
        throw error;
      }
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }

  return {
    ApiFailure, Refused, api, chart, el, login, logout, message, pathPart, refuse, roles,
    start, statusBadge, studies, studyId, table, token, when,
  };
})();
