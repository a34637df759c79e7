/* The login page: exchange a username and password for a token (RLS.login), then go back to
 * the page that sent the visitor here, if it is a dashboard page. */
"use strict";

function nextPage() {
  const next = new URLSearchParams(location.search).get("next") || "";
  // Only a path of ours: "/ui..." but never "//host" or "/\host" (another site).
  return /^\/ui(\/|\?|$)/.test(next) ? next : "/ui";
}

document.getElementById("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  const shown = document.getElementById("login-error");
  shown.replaceChildren();
  const button = document.getElementById("login-button");
  button.disabled = true;
  try {
    const username = document.getElementById("username").value.trim();
    await RLS.login(username, document.getElementById("password").value);
    location.assign(nextPage());
  } catch (error) {
    const why = error.status === 429 ? "too many attempts: wait a minute" : "wrong username or password";
    RLS.message(shown, error.status === 401 || error.status === 429 ? why : error.message, "error");
  } finally {
    button.disabled = false;
  }
});
