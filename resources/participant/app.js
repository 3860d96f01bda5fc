/* SprintDesk participant page: join the room, write notes, vote, follow the timer.
   Plain JavaScript, no build step, nothing from the internet. The page is served over plain
   HTTP on the room's network, so it uses no API that needs a secure context. Text from
   people is only ever inserted with textContent. The server enforces every rule; the page
   only shows them. */
(function () {
  "use strict";

  var MAX_NOTE = 500;
  var STATUS_TEXT = {
    "on board": "On the board",
    "waiting": "Waiting for the facilitator",
    "covered": "Covered until the reveal"
  };

  var S = {
    secret: null, token: null, participant: null, room: null, offset: 0,
    notes: [], vote: null, voteSig: null, outbox: [], es: null, bye: false,
    flushing: false, retryMs: 1000, retryTimer: null, esRetryMs: 1000, connected: false,
    editing: null, dotBusy: false, lastWhole: null, lastPhase: null, lastItem: null,
    joinInfo: null
  };

  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function button(cls, text, label) {
    var b = el("button", cls, text);
    b.type = "button";
    if (label) { b.setAttribute("aria-label", label); }
    return b;
  }

  function clip(text, n) {
    text = String(text || "");
    return text.length > n ? text.slice(0, n - 1) + "…" : text;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // -- storage: localStorage when it works (private modes may refuse), else memory ----------
  var memory = {};
  var store = {
    get: function (k) {
      try { var v = window.localStorage.getItem(k); if (v !== null) { return v; } } catch (e) { /* memory */ }
      return Object.prototype.hasOwnProperty.call(memory, k) ? memory[k] : null;
    },
    set: function (k, v) {
      memory[k] = v;
      try { window.localStorage.setItem(k, v); } catch (e) { /* kept in memory */ }
    },
    del: function (k) {
      delete memory[k];
      try { window.localStorage.removeItem(k); } catch (e) { /* nothing kept */ }
    }
  };

  function readJson(k) {
    var raw = store.get(k);
    if (!raw) { return null; }
    try { return JSON.parse(raw); } catch (e) { return null; }
  }

  function tokenKey() { return "sprintdesk:token:" + S.secret; }
  function outboxKey() { return "sprintdesk:outbox:" + S.secret; }
  function draftKey() { return "sprintdesk:draft:" + S.secret; }

  function loadLocal() {
    var saved = readJson(tokenKey());
    S.token = saved && typeof saved.token === "string" ? saved.token : null;
    S.participant = saved && saved.participant ? saved.participant : null;
    var box = readJson(outboxKey());
    S.outbox = Array.isArray(box) ? box.filter(function (op) { return op && op.key; }) : [];
    var draft = store.get(draftKey());
    if (draft) { $("note-input").value = draft; }
    counter($("note-input"), $("note-count"));
  }

  function saveOutbox() {
    if (S.outbox.length) { store.set(outboxKey(), JSON.stringify(S.outbox)); } else { store.del(outboxKey()); }
  }

  // A client-made id for a note: random, from getRandomValues (fine on plain HTTP).
  function newKey() {
    var bytes = new Uint8Array(16), i;
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (i = 0; i < bytes.length; i++) { bytes[i] = Math.floor(Math.random() * 256); }
    }
    var out = "";
    for (i = 0; i < bytes.length; i++) { out += (bytes[i] + 256).toString(16).slice(1); }
    return out;
  }

  // -- the server -------------------------------------------------------------------------
  function NetError(message) { this.message = message; }

  function api(method, path, body) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    if (S.token) { headers["Authorization"] = "Bearer " + S.token; }
    var init = { method: method, headers: headers, cache: "no-store", credentials: "omit" };
    if (body !== undefined) { init.body = JSON.stringify(body); }
    return fetch(path, init).then(function (res) {
      return res.text().then(function (text) {
        var data = {};
        try { data = text ? JSON.parse(text) : {}; } catch (e) { data = {}; }
        return { ok: res.ok, status: res.status, data: data || {} };
      });
    }, function () { throw new NetError("No connection"); }).then(null, function (err) {
      throw err instanceof NetError ? err : new NetError("No connection");
    });
  }

  function errText(r, fallback) {
    return r && r.data && typeof r.data.error === "string" && r.data.error ? r.data.error : fallback;
  }

  // -- views ------------------------------------------------------------------------------
  var VIEWS = ["loading-view", "code-view", "join-view", "room-view", "bye-view"];
  var FOCUS = { "code-view": "code-heading", "join-view": "join-heading", "bye-view": "bye-heading" };

  function show(view) {
    VIEWS.forEach(function (id) { $(id).hidden = id !== view; });
    $("timer").hidden = view !== "room-view";
    if (FOCUS[view]) { $(FOCUS[view]).focus(); }
  }

  function setStatus(text, tone) {
    var s = $("status");
    if (s.textContent !== text) { s.textContent = text; }
    s.className = "status " + (tone || "");
  }

  // The status line is a polite live region: it changes with the connection, not with
  // every note sent (each note shows its own state).
  function connectionStatus() {
    var waiting = S.outbox.length;
    if (S.bye) { setStatus("Not connected", "off"); return; }
    if (S.connected) {
      setStatus("Connected", "ok");
    } else {
      setStatus(waiting ? "Reconnecting… " + plural(waiting, "change", "changes") + " kept on this phone"
        : "Reconnecting…", "warn");
    }
  }

  function setWorkshop(title) {
    if (!title) { return; }
    $("workshop").textContent = title;
    document.title = title + " · SprintDesk";
  }

  // -- joining ----------------------------------------------------------------------------
  function codeSubmit(ev) {
    ev.preventDefault();
    var code = $("code-input").value.toUpperCase().replace(/[^A-Z0-9]/g, "");
    var error = $("code-error");
    if (code.length !== 6) { error.textContent = "The room code has 6 characters."; return; }
    error.textContent = "";
    $("code-submit").disabled = true;
    api("POST", "/api/code", { code: code }).then(function (r) {
      if (r.ok && typeof r.data.secret === "string") {
        try { window.history.replaceState(null, "", "/j/" + r.data.secret); } catch (e) { /* stays at / */ }
        useSecret(r.data.secret);
      } else if (r.status === 404) {
        error.textContent = "No room has that code. Check the code on the shared screen.";
      } else {
        error.textContent = errText(r, "That did not work. Try again.");
      }
    }, function () {
      error.textContent = "No connection to the room. Check that you are on the room's Wi-Fi.";
    }).then(function () { $("code-submit").disabled = false; });
  }

  function useSecret(secret) {
    S.secret = secret;
    loadLocal();
    if (S.token) { enterRoom(); } else { loadJoin(""); }
  }

  function option(value, text) {
    var o = el("option", null, text);
    o.value = value;
    return o;
  }

  function loadJoin(message) {
    show("loading-view");
    api("GET", "/api/join/" + encodeURIComponent(S.secret)).then(function (r) {
      if (!r.ok) {
        show("code-view");
        $("code-error").textContent = errText(r, "This join link does not work any more.") +
          " Type the room code instead.";
        return;
      }
      fillJoin(r.data, message);
    }, function () {
      setStatus("No connection to the room", "warn");
      window.setTimeout(function () { loadJoin(message); }, 3000);
    });
  }

  function fillJoin(info, message) {
    S.joinInfo = info;
    setWorkshop(info.workshop);
    setStatus("Connected", "ok");
    var select = $("name-select"), roles = $("role-select");
    select.textContent = "";
    roles.textContent = "";
    var people = Array.isArray(info.participants) ? info.participants : [];
    select.appendChild(option("", "Choose your name"));
    people.forEach(function (p) { select.appendChild(option(String(p.id), p.name)); });
    if (info.allow_new_names) { select.appendChild(option("new", "I am not on the list")); }
    roles.appendChild(option("", "No particular role"));
    (Array.isArray(info.roles) ? info.roles : []).forEach(function (name) { roles.appendChild(option(name, name)); });
    var anonymous = !!info.anonymous;
    $("name-select-row").hidden = anonymous || people.length === 0;
    $("name-input-row").hidden = anonymous || people.length > 0;
    $("role-row").hidden = anonymous;
    $("join-heading").textContent = anonymous ? "Join anonymously" : "Who are you?";
    $("join-intro").textContent = anonymous
      ? "Nobody will see who wrote which note. Your notes and dots stay yours on this phone."
      : (info.allow_new_names ? "Pick your name from the list, or type it if it is not there."
        : "Pick your name from the list.");
    $("join-error").textContent = message || "";
    if (!anonymous && people.length === 0 && !info.allow_new_names) {
      $("join-error").textContent = "The facilitator has not added any participants yet. Ask them to add you.";
    }
    show("join-view");
  }

  function nameChanged() {
    var value = $("name-select").value;
    $("name-input-row").hidden = value !== "new";
    if (value === "new") { $("name-input").focus(); return; }
    var people = (S.joinInfo && S.joinInfo.participants) || [];
    people.forEach(function (p) {
      if (String(p.id) === value && p.role) { $("role-select").value = p.role; }
    });
  }

  function joinSubmit(ev) {
    ev.preventDefault();
    var info = S.joinInfo || {};
    var body = { secret: S.secret }, error = $("join-error");
    if (!info.anonymous) {
      var picked = $("name-select").value;
      var typed = $("name-input").value.trim();
      if (picked && picked !== "new" && !$("name-select-row").hidden) {
        body.participant_id = parseInt(picked, 10);
      } else if (typed) {
        body.name = typed;
      } else {
        error.textContent = $("name-input-row").hidden ? "Choose your name first." : "Type your name first.";
        return;
      }
      body.role = $("role-select").value;
    }
    error.textContent = "";
    $("join-submit").disabled = true;
    api("POST", "/api/join", body).then(function (r) {
      if (r.ok && typeof r.data.token === "string") {
        S.token = r.data.token;
        S.participant = r.data.participant || null;
        store.set(tokenKey(), JSON.stringify({ token: S.token, participant: S.participant }));
        enterRoom();
      } else {
        error.textContent = errText(r, "Joining did not work. Try again.");
      }
    }, function () {
      error.textContent = "No connection to the room. Try again in a moment.";
    }).then(function () { $("join-submit").disabled = false; });
  }

  function tokenRejected() {
    S.token = null;
    S.connected = false;
    if (S.es) { S.es.close(); S.es = null; }
    store.del(tokenKey());
    loadJoin("Your place in the room has ended on this phone. Join again to take part.");
  }

  // -- the room ---------------------------------------------------------------------------
  function enterRoom() {
    S.bye = false;
    show("room-view");
    showWho();
    renderNotes();
    refreshMe().then(function (ok) {
      if (ok !== false) { connect(); flush(); }
    });
  }

  function showWho() {
    var p = S.participant;
    $("who").textContent = p && p.name ? "You are " + p.name + (p.role ? " (" + p.role + ")" : "") : "";
  }

  function refreshMe() {
    if (!S.token) { return Promise.resolve(false); }
    return api("GET", "/api/me").then(function (r) {
      if (r.status === 401) { tokenRejected(); return false; }
      if (!r.ok) { return null; }
      if (r.data.participant) { S.participant = r.data.participant; showWho(); }
      if (r.data.room) { applyRoom(r.data.room); }
      S.notes = Array.isArray(r.data.notes) ? r.data.notes : [];
      renderNotes();
      if (r.data.vote !== undefined) { S.vote = r.data.vote; renderVote(); }
      return true;
    }, function () { S.connected = false; connectionStatus(); return null; });
  }

  function parse(data) { try { return JSON.parse(data); } catch (e) { return null; } }

  function connect() {
    if (S.es) { S.es.close(); S.es = null; }
    if (S.bye || !S.token) { return; }
    var es = new EventSource("/api/events?token=" + encodeURIComponent(S.token));
    S.es = es;
    es.onopen = function () {
      if (S.es !== es) { return; }
      S.connected = true;
      S.esRetryMs = 1000;
      connectionStatus();
      refreshMe();
      flush();
    };
    es.onerror = function () {
      if (S.es !== es) { return; }
      S.connected = false;
      connectionStatus();
      if (es.readyState === 2) {  // CLOSED: the browser gave up; try again ourselves
        es.close();
        S.es = null;
        window.setTimeout(reconnect, S.esRetryMs);
        S.esRetryMs = Math.min(S.esRetryMs * 2, 15000);
      }
    };
    es.addEventListener("room", function (ev) {
      var room = parse(ev.data);
      if (room) { applyRoom(room); }
    });
    es.addEventListener("mine", function () { refreshMe(); });
    es.addEventListener("vote", function () { refreshVote(); });
    es.addEventListener("bye", function (ev) {
      var data = parse(ev.data) || {};
      goodbye(typeof data.reason === "string" ? data.reason : "");
    });
  }

  function reconnect() {
    if (S.bye || !S.token || S.es) { return; }
    refreshMe().then(function (ok) { if (ok !== false && !S.es) { connect(); } });
  }

  function goodbye(reason) {
    S.bye = true;
    S.connected = false;
    if (S.es) { S.es.close(); S.es = null; }
    $("bye-reason").textContent = reason || "The facilitator closed the room.";
    connectionStatus();
    show("bye-view");
  }

  function applyRoom(room) {
    if (S.room && typeof room.rev === "number" && typeof S.room.rev === "number" && room.rev < S.room.rev) {
      return;
    }
    if (room.timer && typeof room.timer.server_ms === "number") {
      S.offset = room.timer.server_ms - Date.now();
    }
    var before = S.room && S.room.vote;
    S.room = room;
    setWorkshop(room.workshop);
    renderItem();
    renderBoard();
    renderNotes();
    var v = room.vote;
    if (!v) {
      S.vote = null;
      renderVote();
    } else if (!before || before.id !== v.id || before.revealed !== v.revealed || !S.vote) {
      refreshVote();
    }
    tick();
  }

  function renderItem() {
    var item = S.room && S.room.item;
    var title = item && item.title ? item.title : "Waiting for the facilitator";
    if ($("item-title").textContent !== title) {
      $("item-title").textContent = title;
      if (S.lastItem !== null) { announce("Now: " + title); }
    }
    S.lastItem = title;
    $("item-instructions").textContent = item && item.instructions ? item.instructions : "";
  }

  // -- the timer: from the server's state and the clock offset, never counted -------------
  function remaining() {
    var t = S.room && S.room.timer;
    if (!t) { return null; }
    var r = t.duration_s - t.elapsed_s;
    if (t.running) { r -= (Date.now() + S.offset - t.server_ms) / 1000; }
    return r;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function clock(seconds) {
    var over = seconds < 0;
    var whole = over ? Math.floor(-seconds) : Math.ceil(seconds);
    var h = Math.floor(whole / 3600), m = Math.floor((whole % 3600) / 60), s = whole % 60;
    var body = (h ? h + ":" + pad(m) : String(m)) + ":" + pad(s);
    return over ? "+" + body : body;
  }

  function spoken(seconds) {
    var whole = Math.ceil(Math.abs(seconds));
    var m = Math.floor(whole / 60), s = whole % 60, parts = [];
    if (m) { parts.push(plural(m, "minute", "minutes")); }
    if (s || !m) { parts.push(plural(s, "second", "seconds")); }
    return parts.join(" ");
  }

  function announce(text) { $("timer-live").textContent = text; }

  function tick() {
    var t = S.room && S.room.timer, r = remaining();
    var reading = "--:--", caption = "No timer", phase = "none", tone = "idle";
    if (t && r !== null) {
      reading = clock(r);
      if (r < 0) {
        phase = t.running ? "over" : "paused-over";
        caption = t.running ? "over" : "over · Paused";
        tone = "over";
      } else if (!t.running) {
        phase = t.elapsed_s > 0 ? "paused" : "ready";
        caption = t.elapsed_s > 0 ? "Paused" : "Not started";
        tone = "idle";
      } else {
        phase = "running";
        caption = r <= 60 ? "left · last minute" : "left";
        tone = r <= 60 ? "warn" : "normal";
      }
    }
    if ($("timer-reading").textContent !== reading) { $("timer-reading").textContent = reading; }
    if ($("timer-caption").textContent !== caption) { $("timer-caption").textContent = caption; }
    $("timer").className = "timer " + tone;
    speakTimer(phase, r);
  }

  // The live region speaks sparingly: a change of state, each whole minute, the last 10 s.
  function speakTimer(phase, r) {
    var previous = S.lastPhase;
    S.lastPhase = phase;
    if (previous === null) { return; }
    if (phase !== previous) {
      S.lastWhole = null;
      if (phase === "paused" || phase === "paused-over") { announce("Timer paused, " + describe(r)); }
      else if (phase === "running" && previous !== "none") { announce("Timer running, " + describe(r)); }
      else if (phase === "running") { announce(describe(r)); }
      else if (phase === "over") { announce("Time is up"); }
      else if (phase === "none") { announce("Timer stopped"); }
      return;
    }
    if (phase !== "running") { return; }
    var whole = Math.ceil(r);
    if (whole === S.lastWhole) { return; }
    S.lastWhole = whole;
    if (whole > 0 && (whole % 60 === 0 || whole === 10)) { announce(spoken(whole) + " left"); }
  }

  function describe(r) {
    if (r === null) { return ""; }
    return r < 0 ? spoken(r) + " over time" : spoken(r) + " left";
  }

  // -- writing notes ----------------------------------------------------------------------
  function board() { return S.room ? S.room.board : null; }
  function writable() { var b = board(); return !!b && !b.locked; }

  function renderBoard() {
    var b = board(), text;
    if (!b) {
      text = "No board is open for writing right now.";
    } else if (b.locked) {
      text = "The board \u201c" + b.name + "\u201d is locked: notes can no longer be added or changed.";
    } else {
      text = "Your notes go to the board \u201c" + b.name + "\u201d.";
      if (b.private) { text += " Private writing: notes stay covered on the shared screen until the reveal."; }
      if (b.moderation) { text += " The facilitator approves each note before it appears."; }
    }
    $("board-state").textContent = text;
    var open = writable();
    $("note-input").disabled = !open;
    $("note-submit").disabled = !open;
  }

  function counter(input, output) {
    var n = input.value.length;
    output.textContent = n + " of " + MAX_NOTE + " characters" + (n >= MAX_NOTE ? " (limit reached)" : "");
    output.className = "count" + (n >= MAX_NOTE - 20 ? " warn" : "");
  }

  function noteSubmit(ev) {
    ev.preventDefault();
    var input = $("note-input"), text = input.value.trim();
    var error = $("note-error");
    if (!text) { error.textContent = "Write something first."; return; }
    if (text.length > MAX_NOTE) { error.textContent = "A note has at most " + MAX_NOTE + " characters."; return; }
    if (!writable()) { error.textContent = "The board is not open for writing."; return; }
    error.textContent = "";
    S.outbox.push({ op: "create", key: newKey(), text: text, tried: false });
    saveOutbox();
    input.value = "";
    store.del(draftKey());
    counter(input, $("note-count"));
    renderNotes();
    input.focus();
    flush();
  }

  function pendingFor(key) { return S.outbox.filter(function (op) { return op.key === key; }); }

  // Server notes with what this phone still has to send laid over them.
  function mergedNotes() {
    var list = S.notes.map(function (n) {
      return { key: n.key, text: n.text, status: n.status, pending: false };
    });
    var byKey = {};
    list.forEach(function (n) { byKey[n.key] = n; });
    S.outbox.forEach(function (op) {
      var n = byKey[op.key];
      if (op.op === "create" && !n) {
        n = { key: op.key, text: op.text, status: null, pending: true };
        byKey[op.key] = n;
        list.push(n);
      } else if (op.op === "create" || op.op === "edit") {
        if (n) { n.text = op.text; n.pending = true; }
      } else if (op.op === "delete" && n) {
        n.deleted = true;
      }
    });
    return list.filter(function (n) { return !n.deleted; });
  }

  function statusText(n) {
    if (n.pending) { return S.connected ? "Sending…" : "Kept on this phone, sent when the connection is back"; }
    return STATUS_TEXT[n.status] || n.status || "";
  }

  function renderNotes() {
    var list = $("my-notes"), notes = mergedNotes(), seen = {};
    $("mine-empty").hidden = notes.length > 0;
    notes.forEach(function (n, index) {
      seen[n.key] = true;
      var li = list.querySelector("li[data-key=\"" + n.key.replace(/[^A-Za-z0-9_-]/g, "") + "\"]");
      if (!li) { li = el("li", "note"); li.setAttribute("data-key", n.key); }
      if (list.children[index] !== li) { list.insertBefore(li, list.children[index] || null); }
      if (S.editing !== n.key) { fillNote(li, n); }
    });
    Array.prototype.slice.call(list.children).forEach(function (li) {
      if (!seen[li.getAttribute("data-key")]) { list.removeChild(li); }
    });
    connectionStatus();
  }

  function fillNote(li, n) {
    var sig = [n.text, statusText(n), n.status, writable()].join("\u0001");
    if (li.getAttribute("data-sig") === sig && !li.querySelector(".edit-form")) { return; }
    li.setAttribute("data-sig", sig);
    li.textContent = "";
    li.className = "note" + (n.pending ? " pending" : "") + (n.status === "covered" ? " covered" : "");
    li.appendChild(el("p", "note-text", n.text));
    li.appendChild(el("p", "note-status", statusText(n)));
    if (!writable()) { return; }
    var actions = el("div", "actions");
    var edit = button("edit", "Edit", "Edit note: " + clip(n.text, 40));
    var del = button("delete", "Delete", "Delete note: " + clip(n.text, 40));
    edit.addEventListener("click", function () { startEdit(li, n); });
    del.addEventListener("click", function () {
      if (del.getAttribute("data-armed") !== "1") {
        del.setAttribute("data-armed", "1");
        del.textContent = "Tap again to delete";
        window.setTimeout(function () {
          if (del.isConnected) { del.removeAttribute("data-armed"); del.textContent = "Delete"; }
        }, 5000);
        return;
      }
      queueDelete(n.key);
    });
    actions.appendChild(edit);
    actions.appendChild(del);
    li.appendChild(actions);
  }

  function startEdit(li, n) {
    S.editing = n.key;
    li.textContent = "";
    li.removeAttribute("data-sig");
    var form = el("form", "edit-form"), id = "edit-" + n.key;
    form.noValidate = true;
    var label = el("label", null, "Edit your note");
    label.htmlFor = id;
    var area = el("textarea");
    area.id = id;
    area.rows = 3;
    area.maxLength = MAX_NOTE;
    area.value = n.text;
    var count = el("span", "count");
    count.id = id + "-count";
    area.setAttribute("aria-describedby", count.id);
    counter(area, count);
    area.addEventListener("input", function () { counter(area, count); });
    var row = el("div", "row"), save = el("button", "primary save", "Save"), cancel = button("cancel", "Cancel");
    save.type = "submit";
    row.appendChild(count);
    row.appendChild(cancel);
    row.appendChild(save);
    form.appendChild(label);
    form.appendChild(area);
    form.appendChild(row);
    li.appendChild(form);
    cancel.addEventListener("click", function () { S.editing = null; li.removeAttribute("data-sig"); renderNotes(); });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var text = area.value.trim();
      if (!text) { $("note-error").textContent = "A note cannot be empty; delete it instead."; return; }
      S.editing = null;
      li.removeAttribute("data-sig");
      queueEdit(n.key, text);
    });
    area.focus();
  }

  // An operation not tried yet is changed in place; once tried, the server may have it, so
  // a new operation follows it (the same client key makes the create safe to repeat).
  function queueEdit(key, text) {
    var last = pendingFor(key).pop();
    if (last && !last.tried && (last.op === "create" || last.op === "edit")) {
      last.text = text;
    } else {
      S.outbox.push({ op: "edit", key: key, text: text, tried: false });
    }
    saveOutbox();
    renderNotes();
    flush();
  }

  function queueDelete(key) {
    var ops = pendingFor(key);
    if (ops.length && ops.every(function (op) { return !op.tried; }) && ops[0].op === "create") {
      S.outbox = S.outbox.filter(function (op) { return op.key !== key; });
    } else {
      S.outbox.push({ op: "delete", key: key, tried: false });
    }
    saveOutbox();
    renderNotes();
    flush();
  }

  function upsertNote(note) {
    var found = false;
    S.notes = S.notes.map(function (n) { if (n.key === note.key) { found = true; return note; } return n; });
    if (!found) { S.notes.push(note); }
  }

  function scheduleRetry() {
    if (S.retryTimer) { return; }
    S.connected = false;
    connectionStatus();
    S.retryTimer = window.setTimeout(function () { S.retryTimer = null; flush(); }, S.retryMs);
    S.retryMs = Math.min(S.retryMs * 2, 15000);
  }

  function send(op) {
    var path = "/api/notes/" + encodeURIComponent(op.key);
    if (op.op === "create") { return api("POST", "/api/notes", { key: op.key, text: op.text }); }
    if (op.op === "edit") { return api("PATCH", path, { text: op.text }); }
    return api("DELETE", path);
  }

  // Sends what this phone still holds, oldest first; a note leaves the outbox only once the
  // server has answered (it answers after its transaction committed).
  function flush() {
    if (S.flushing || !S.token || S.bye || !S.outbox.length) { renderNotes(); return; }
    S.flushing = true;
    var op = S.outbox[0];
    op.tried = true;
    saveOutbox();
    send(op).then(function (r) {
      S.flushing = false;
      if (r.status >= 500 || r.status === 429 || r.status === 408) { scheduleRetry(); return; }
      if (r.status === 401) { tokenRejected(); return; }
      S.outbox.splice(S.outbox.indexOf(op), 1);
      saveOutbox();
      S.retryMs = 1000;
      if (r.ok && r.data.note) {
        upsertNote(r.data.note);
      } else if (op.op === "delete" && (r.ok || r.status === 404)) {
        S.notes = S.notes.filter(function (n) { return n.key !== op.key; });
      } else if (!r.ok) {
        refused(op, errText(r, "The server refused the change."));
      }
      renderNotes();
      flush();
    }, function () {
      S.flushing = false;
      scheduleRetry();
      renderNotes();
    });
  }

  function refused(op, message) {
    var input = $("note-input");
    if (op.op === "create" && !input.value) {
      input.value = op.text;
      counter(input, $("note-count"));
      $("note-error").textContent = "Not added: " + message + " Your text is back in the box.";
    } else {
      $("note-error").textContent = (op.op === "delete" ? "Not deleted: " : "Not saved: ") + message;
      refreshMe();
    }
  }

  // -- voting -----------------------------------------------------------------------------
  function refreshVote() {
    if (!S.room || !S.room.vote || !S.token) { S.vote = null; renderVote(); return; }
    api("GET", "/api/vote").then(function (r) {
      if (r.status === 401) { tokenRejected(); return; }
      S.vote = r.ok ? r.data : null;
      renderVote();
    }, function () { /* the stream's reconnection fetches it again */ });
  }

  function dot(noteId, supervote, add) {
    if (S.dotBusy) { return; }
    S.dotBusy = true;
    var error = $("vote-error");
    api(add ? "POST" : "DELETE", "/api/dots", { note_id: noteId, supervote: supervote }).then(function (r) {
      S.dotBusy = false;
      if (r.status === 401) { tokenRejected(); return; }
      if (r.ok) {
        error.textContent = "";
        S.vote = r.data;
      } else {
        error.textContent = errText(r, "That dot was not counted.");
        refreshVote();
      }
      renderVote();
    }, function () {
      S.dotBusy = false;
      error.textContent = "No connection: that dot was not counted. Try again when connected.";
    });
  }

  function dotsLeftText(v) {
    var text = plural(v.left, "dot", "dots") + " left of " + v.budget;
    if (v.is_decider && v.supervote_budget) {
      text += " · " + plural(v.supervotes_left, "supervote", "supervotes") + " left";
    }
    return text;
  }

  function renderVote() {
    var v = S.vote, rv = S.room && S.room.vote;
    if (!v || !rv) {
      $("vote-section").hidden = true;
      $("results-section").hidden = true;
      S.voteSig = null;
      return;
    }
    if (v.revealed || rv.revealed) {
      $("vote-section").hidden = true;
      $("results-section").hidden = false;
      renderResults(v.results || []);
      return;
    }
    $("results-section").hidden = true;
    $("vote-section").hidden = false;
    var text = dotsLeftText(v);
    if ($("dots-left").textContent !== text) { $("dots-left").textContent = text; }
    var items = Array.isArray(v.items) ? v.items : [];
    var sig = items.map(function (i) { return i.note_id + "\u0001" + (i.cluster || "") + "\u0001" + i.text; })
      .join("\u0002") + "|" + v.is_decider;
    if (sig !== S.voteSig) { buildVote(items, v.is_decider); S.voteSig = sig; }
    items.forEach(function (i) { updateVoteItem(v, i); });
  }

  function buildVote(items, decider) {
    var box = $("vote");
    box.textContent = "";
    if (!items.length) { box.appendChild(el("p", "muted", "There is nothing to vote on yet.")); return; }
    var list = null, current, grouped = items.some(function (i) { return !!i.cluster; });
    items.forEach(function (i) {
      var cluster = i.cluster || "";
      if (list === null || cluster !== current) {
        current = cluster;
        if (grouped) { box.appendChild(el("h3", "cluster", cluster || "Not in a group")); }
        list = el("ul", "vote-list");
        box.appendChild(list);
      }
      var li = el("li", "vote-item");
      li.setAttribute("data-note-id", String(i.note_id));
      li.appendChild(el("p", "note-text", i.text));
      li.appendChild(el("p", "mine"));
      var row = el("div", "actions"), short = clip(i.text, 40);
      var add = button("dot-add", "+ Dot", "Add a dot to: " + short);
      var remove = button("dot-remove", "\u2212 Dot", "Take a dot off: " + short);
      add.addEventListener("click", function () { if (add.getAttribute("aria-disabled") !== "true") { dot(i.note_id, false, true); } });
      remove.addEventListener("click", function () { if (remove.getAttribute("aria-disabled") !== "true") { dot(i.note_id, false, false); } });
      row.appendChild(remove);
      row.appendChild(add);
      if (decider) {
        var sAdd = button("super-add", "+ Super", "Add a supervote to: " + short);
        var sRemove = button("super-remove", "\u2212 Super", "Take a supervote off: " + short);
        sAdd.addEventListener("click", function () { if (sAdd.getAttribute("aria-disabled") !== "true") { dot(i.note_id, true, true); } });
        sRemove.addEventListener("click", function () { if (sRemove.getAttribute("aria-disabled") !== "true") { dot(i.note_id, true, false); } });
        row.appendChild(sRemove);
        row.appendChild(sAdd);
      }
      li.appendChild(row);
      list.appendChild(li);
    });
  }

  // Buttons that cannot act stay focusable (aria-disabled), so a screen reader keeps its place.
  function able(node, on) {
    if (node) { node.setAttribute("aria-disabled", on ? "false" : "true"); }
  }

  function updateVoteItem(v, i) {
    var li = $("vote").querySelector("li[data-note-id=\"" + Number(i.note_id) + "\"]");
    if (!li) { return; }
    var mine = i.mine || 0, sup = i.mine_super || 0;
    var text = "Your dots: " + mine + (v.is_decider ? " · your supervotes: " + sup : "");
    var mineNode = li.querySelector(".mine");
    if (mineNode.textContent !== text) { mineNode.textContent = text; }
    li.className = "vote-item" + (mine || sup ? " chosen" : "");
    able(li.querySelector(".dot-add"), v.left > 0 && (v.stacking || mine === 0));
    able(li.querySelector(".dot-remove"), mine > 0);
    able(li.querySelector(".super-add"), v.supervotes_left > 0);
    able(li.querySelector(".super-remove"), sup > 0);
  }

  function renderResults(results) {
    var list = $("results"), sig = JSON.stringify(results);
    if (list.getAttribute("data-sig") === sig) { return; }
    list.setAttribute("data-sig", sig);
    list.textContent = "";
    if (!results.length) { list.appendChild(el("li", "muted", "No dots were cast.")); return; }
    results.forEach(function (r) {
      var li = el("li", "result");
      li.setAttribute("data-note-id", String(r.note_id));
      li.appendChild(el("p", "note-text", r.text));
      var count = plural(r.dots, "dot", "dots") + (r.supervotes ? " · " + plural(r.supervotes, "supervote", "supervotes") : "");
      li.appendChild(el("p", "score", count + (r.cluster ? " · " + r.cluster : "")));
      list.appendChild(li);
    });
  }

  // -- start ------------------------------------------------------------------------------
  function boot() {
    $("code-form").addEventListener("submit", codeSubmit);
    $("join-form").addEventListener("submit", joinSubmit);
    $("name-select").addEventListener("change", nameChanged);
    $("note-form").addEventListener("submit", noteSubmit);
    $("note-input").addEventListener("input", function () {
      counter($("note-input"), $("note-count"));
      if (S.secret) { store.set(draftKey(), $("note-input").value); }
    });
    $("bye-retry").addEventListener("click", function () { window.location.reload(); });
    window.addEventListener("online", function () { reconnect(); flush(); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && S.token && !S.bye) {
        if (!S.es) { reconnect(); } else { refreshMe(); }
        flush();
      }
    });
    window.setInterval(tick, 250);
    var match = /^\/j\/([A-Za-z0-9_-]{16,})\/?$/.exec(window.location.pathname);
    if (match) { useSecret(match[1]); } else { setStatus("Not joined yet", ""); show("code-view"); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
}());
