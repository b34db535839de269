// The sales rep's page: the token is kept in sessionStorage (this tab only) and sent in the
// Authorization header, never in a URL. Everything from the server is shown as text (never
// parsed as HTML), so a customer name or an answer cannot run script.
"use strict";
const KEY = "o2c.token";
const $ = (id) => document.getElementById(id);

function token() { return sessionStorage.getItem(KEY); }

function show(message) { $("error").textContent = message || ""; }

async function api(path, options = {}) {
  const headers = Object.assign({ "Authorization": "Bearer " + token() }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers, cache: "no-store", credentials: "omit" }));
  if (response.status === 401) { forget(); throw new Error("The token was refused; paste a valid one."); }
  return response;
}

function forget() {
  sessionStorage.removeItem(KEY);
  $("app").hidden = true;
  $("token-form").hidden = false;
  $("sign-out").hidden = true;
  $("who").textContent = "";
}

async function loadCustomers() {
  const response = await api("/v1/customers");
  if (!response.ok) throw new Error("Could not load your customers (" + response.status + ").");
  const body = await response.json();
  const list = $("customers");
  list.replaceChildren();
  for (const c of body.customers || []) {
    const li = document.createElement("li");
    li.textContent = c.id + " — " + c.name + (c.on_hold ? " (on credit hold)" : "");
    li.dataset.id = c.id;
    list.append(li);
  }
  if (!list.children.length) { const li = document.createElement("li"); li.textContent = "No customers."; list.append(li); }
}

async function start() {
  $("token-form").hidden = true;
  $("app").hidden = false;
  $("sign-out").hidden = false;
  try { await loadCustomers(); show(""); } catch (e) { show(e.message); }
}

function addTool(call) {
  const li = document.createElement("li");
  li.textContent = call.tool + "(" + JSON.stringify(call.arguments) + ") → " + call.outcome;
  $("tools").append(li);
}

// Reads server-sent events (event:, data:, blank line) from a fetch body as they arrive.
async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = "message", data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      try { onEvent(event, JSON.parse(data)); } catch (e) { /* a malformed event is skipped */ }
    }
  }
}

async function ask(question) {
  const answer = $("answer");
  $("tools").replaceChildren();
  answer.textContent = "";
  answer.dataset.state = "asking";
  const response = await api("/v1/ask", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept": "text/event-stream" },
    body: JSON.stringify({ question }),
  });
  if (!response.ok) {
    let message = "The question failed (" + response.status + ").";
    try { message = (await response.json()).error.message || message; } catch (e) { /* keep the status */ }
    answer.dataset.state = "error";
    throw new Error(message);
  }
  await readEvents(response, (event, data) => {
    if (event === "tool_call") addTool(data);
    else if (event === "delta") answer.textContent += data.text;
    else if (event === "done") {
      if (!answer.textContent) answer.textContent = data.answer || data.reason || "";
      answer.dataset.state = "done";
    }
  });
  if (answer.dataset.state !== "done") answer.dataset.state = "done";
}

document.addEventListener("DOMContentLoaded", () => {
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const value = $("token").value.trim();
    $("token").value = "";
    if (!value) return;
    sessionStorage.setItem(KEY, value);
    start();
  });
  $("ask-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("question").value.trim();
    if (q) ask(q).then(() => show(""), (err) => show(err.message));
  });
  $("sign-out").addEventListener("click", forget);
  if (token()) start();
});
