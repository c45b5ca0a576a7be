// The otebox inspector: live rows from /_admin/events (server-sent events),
// a request's detail from /_admin/requests/<id>, and the clock, fault rules
// and reset through the admin API. Plain JavaScript, nothing fetched from
// elsewhere; every value goes into the page as text, never as HTML.
"use strict";

const KEEP = 1000;
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
let entity = params.get("entity") === "54cd" ? "54cd" : "1234";
let source = null;
const rows = new Map();

function cell(tr, text, cls) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : String(text);
  if (cls) td.className = cls;
  tr.appendChild(td);
}

function addRow(r) {
  if (rows.has(r.id)) return;
  const tr = document.createElement("tr");
  tr.id = "r" + r.id;
  tr.dataset.id = r.id;
  tr.className = (r.refused ? "refused" : "ok") + (r.fault ? " fault" : "");
  cell(tr, r.time.slice(11, 23), "time");
  cell(tr, r.peer, "peer");
  cell(tr, r.dialect, "dialect");
  cell(tr, r.login, "login");
  cell(tr, r.command, "command");
  cell(tr, r.code, "code");
  cell(tr, r.description, "text");
  cell(tr, r.ms.toFixed(3), "ms");
  tr.addEventListener("click", () => { location.hash = "r" + r.id; });
  const body = $("rows");
  body.insertBefore(tr, body.firstChild);
  rows.set(r.id, tr);
  while (rows.size > KEEP) {
    const [oldest, old] = rows.entries().next().value;
    old.remove();
    rows.delete(oldest);
  }
  if (location.hash === "#r" + r.id) showDetail(r.id);
}

function connect() {
  if (source) source.close();
  rows.clear();
  $("rows").replaceChildren();
  source = new EventSource("events?entity=" + entity);
  source.addEventListener("request", (e) => addRow(JSON.parse(e.data)));
  source.onopen = () => { $("status").textContent = "live: " + entity; };
  source.onerror = () => { $("status").textContent = "reconnecting…"; };
}

function fact(dl, name, value) {
  if (value == null || value === "") return;
  const dt = document.createElement("dt");
  dt.textContent = name;
  const dd = document.createElement("dd");
  dd.textContent = String(value);
  dl.append(dt, dd);
}

async function showDetail(id) {
  for (const tr of document.querySelectorAll("#rows tr.selected")) tr.classList.remove("selected");
  const tr = rows.get(id);
  if (tr) tr.classList.add("selected");
  const answer = await fetch("requests/" + id);
  const detail = $("detail");
  if (!answer.ok) {
    $("detail-title").textContent = await answer.text();
    detail.hidden = false;
    return;
  }
  const d = await answer.json();
  $("detail-title").textContent = "#" + d.id + " " + (d.command || "(no command)") + ": " + d.code + " " + d.description;
  const why = $("explanation");
  why.hidden = !d.explanation;
  why.textContent = d.explanation ? "Why: " + d.explanation : "";
  const facts = $("detail-facts");
  facts.replaceChildren();
  fact(facts, "time", d.time);
  fact(facts, "system", d.entity);
  fact(facts, "peer", d.peer);
  fact(facts, "judged address", d.client);
  fact(facts, "dialect", d.dialect);
  fact(facts, "login", d.login);
  fact(facts, "acting for (s_user)", d.view);
  fact(facts, "duration", d.ms.toFixed(3) + " ms");
  fact(facts, "fault rule", d.fault);
  const body = $("detail-request").tBodies[0];
  body.replaceChildren();
  for (const [key, value] of d.transport.concat(d.params)) {
    const row = document.createElement("tr");
    cell(row, key);
    cell(row, value);
    body.appendChild(row);
  }
  $("detail-response").textContent = d.response;
  detail.hidden = false;
}

function onHash() {
  const m = /^#r(\d+)$/.exec(location.hash);
  if (m) showDetail(Number(m[1]));
}

function say(text, error) {
  const m = $("message");
  m.textContent = text;
  m.className = "message" + (error ? " error" : "");
}

async function call(method, path, body) {
  const init = { method };
  if (body) {
    init.body = new URLSearchParams(body);
  }
  const answer = await fetch(path, init);
  const text = await answer.text();
  if (!answer.ok) throw new Error(text.trim());
  return text ? JSON.parse(text) : null;
}

async function loadClock() {
  try {
    const c = await call("GET", "clock?entity=" + entity);
    $("clock-now").textContent = c.now;
    const days = c.offset_seconds / 86400;
    $("clock-offset").textContent = c.offset_seconds ? "(wall clock " + (days >= 0 ? "+" : "") + days.toFixed(2) + " days; " + c.pending_jobs + " jobs pending)" : "(the wall clock; " + c.pending_jobs + " jobs pending)";
  } catch (e) { say("clock: " + e.message, true); }
}

async function loadFaults() {
  const list = $("faults");
  try {
    const rules = await call("GET", "faults");
    list.replaceChildren();
    if (!rules.length) {
      const li = document.createElement("li");
      li.className = "none";
      li.textContent = "none";
      list.appendChild(li);
    }
    for (const rule of rules) {
      const li = document.createElement("li");
      const shown = Object.entries(rule).filter(([k, v]) => k !== "id" && v !== null).map(([k, v]) => k + "=" + v).join(" ");
      li.textContent = "#" + rule.id + " " + shown + " ";
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "remove";
      remove.addEventListener("click", async () => {
        try { await call("DELETE", "faults/" + rule.id); say("fault rule " + rule.id + " removed"); } catch (e) { say(e.message, true); }
        loadFaults();
      });
      li.appendChild(remove);
      list.appendChild(li);
    }
  } catch (e) { say("faults: " + e.message, true); }
}

function start() {
  $("entity").value = entity;
  $("entity").addEventListener("change", (e) => {
    entity = e.target.value;
    history.replaceState(null, "", "?entity=" + entity);
    $("detail").hidden = true;
    connect();
    loadClock();
  });
  $("clock-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const c = await call("POST", "clock", { entity, advance: $("clock-advance").value });
      say("clock moved to " + c.now + (c.ran ? " (" + c.ran + " jobs ran)" : ""));
    } catch (err) { say(err.message, true); }
    loadClock();
  });
  $("faults-clear").addEventListener("click", async () => {
    try { const r = await call("DELETE", "faults"); say(r.removed + " fault rules removed"); } catch (e) { say(e.message, true); }
    loadFaults();
  });
  $("reset").addEventListener("click", async () => {
    if (!confirm("Reset system " + entity + " to its demo state? Every change is lost.")) return;
    try { await call("POST", "reset?entity=" + entity); say("system " + entity + " reset"); } catch (e) { say(e.message, true); }
    loadClock();
  });
  window.addEventListener("hashchange", onHash);
  connect();
  loadClock();
  loadFaults();
  setInterval(() => { loadClock(); loadFaults(); }, 10000);
  onHash();
}

start();
