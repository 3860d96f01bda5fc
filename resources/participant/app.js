/* SprintDesk participant page: join the room, write notes, vote, follow the timer.
   Plain JavaScript, no build step, nothing from the internet. The page is served over plain
   HTTP on the room's network, so it uses no API that needs a secure context. Text from
   people is only ever inserted with textContent. The server enforces every rule; the page
   only shows them.

   Sections, in order:
     helpers · storage (localStorage) · the server (fetch, "try again" answers) · views ·
     joining · the room (event stream) · the timer · writing notes · the outbox (sending,
     retrying, refusals) · your notes (the list, editing, refused notes) · voting · start

   Nothing written is ever dropped by the page: a note stays in the outbox until the server
   acknowledges it; a "try again" answer (no connection, 408, 429, 5xx) keeps it there and
   sends it again (after Retry-After when the server says); a final refusal (any other 4xx)
   moves it to the refused list, shown under "Your notes" with the server's reason and kept
   on the phone until the person sends it again or discards it. */
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
    notes: [], vote: null, voteSig: null, outbox: [], refused: [], es: null, bye: false,
    flushing: false, retryMs: 1000, retryTimer: null, busy: false, esRetryMs: 1000, connected: false,
    editing: null, dotBusy: false, lastWhole: null, lastPhase: null, lastItem: null,
    joinInfo: null, region: null, regionTitles: null
  };

  // -- helpers ---------------------------------------------------------------------------
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

  // A button that asks for a second tap before it acts (delete, discard).
  function twoTaps(b, again, act) {
    var first = b.textContent;
    b.addEventListener("click", function () {
      if (b.getAttribute("data-armed") !== "1") {
        b.setAttribute("data-armed", "1");
        b.textContent = again;
        window.setTimeout(function () {
          if (b.isConnected) { b.removeAttribute("data-armed"); b.textContent = first; }
        }, 5000);
        return;
      }
      act();
    });
  }

  // -- storage: localStorage when it works (private modes may refuse), else memory -------
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
  function refusedKey() { return "sprintdesk:refused:" + S.secret; }

  function loadLocal() {
    var saved = readJson(tokenKey());
    S.token = saved && typeof saved.token === "string" ? saved.token : null;
    S.participant = saved && saved.participant ? saved.participant : null;
    var box = readJson(outboxKey());
    S.outbox = Array.isArray(box) ? box.filter(function (op) { return op && op.key; }) : [];
    var refused = readJson(refusedKey());
    S.refused = Array.isArray(refused) ? refused.filter(function (r) {
      return r && typeof r.key === "string" && typeof r.text === "string";
    }) : [];
    var draft = store.get(draftKey());
    if (draft) { $("note-input").value = draft; }
    counter($("note-input"), $("note-count"));
  }

  function saveOutbox() {
    if (S.outbox.length) { store.set(outboxKey(), JSON.stringify(S.outbox)); } else { store.del(outboxKey()); }
  }

  function saveRefused() {
    if (S.refused.length) { store.set(refusedKey(), JSON.stringify(S.refused)); } else { store.del(refusedKey()); }
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

  // -- the server ------------------------------------------------------------------------
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
        return { ok: res.ok, status: res.status, data: data || {}, retryAfter: retryAfter(res) };
      });
    }, function () { throw new NetError("No connection"); }).then(null, function (err) {
      throw err instanceof NetError ? err : new NetError("No connection");
    });
  }

  // Retry-After in milliseconds (seconds or an HTTP date), or null when the server gave none.
  function retryAfter(res) {
    var value = res.headers.get("Retry-After"), ms = null;
    if (value && /^\s*\d+\s*$/.test(value)) {
      ms = parseInt(value, 10) * 1000;
    } else if (value && !isNaN(Date.parse(value))) {
      ms = Date.parse(value) - Date.now();
    }
    return ms === null ? null : Math.min(Math.max(ms, 0), 120000);
  }

  // "Try again" answers: the request may go through later (busy, rate-limited, timed out).
  // Any other 4xx is the server's final word on that request.
  function tryAgain(r) { return r.status >= 500 || r.status === 429 || r.status === 408; }

  // How long to wait before trying again after a "try again" answer.
  function waitFor(r, fallback) { return r.retryAfter !== null && r.retryAfter !== undefined ? r.retryAfter : fallback; }

  function errText(r, fallback) {
    return r && r.data && typeof r.data.error === "string" && r.data.error ? r.data.error : fallback;
  }

  // -- views -----------------------------------------------------------------------------
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
    if (S.connected && S.busy && waiting) {
      setStatus("The room is busy for a moment: " + plural(waiting, "change", "changes") +
        " kept on this phone, sent again shortly", "warn");
    } else if (S.connected) {
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

  // -- joining ---------------------------------------------------------------------------
  function codeSubmit(ev) {
    ev.preventDefault();
    var code = $("code-input").value.toUpperCase().replace(/[^A-Z0-9]/g, "");
    var error = $("code-error");
    if (code.length !== 6) { error.textContent = "The room code has 6 characters."; return; }
    error.textContent = "";
    $("code-submit").disabled = true;
    api("POST", "/api/code", { code: code }).then(function (r) {
      if (tryAgain(r)) {
        error.textContent = errText(r, "Too many tries. Wait a moment.");
        return waitFor(r, 5000);
      }
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
    }).then(function (wait) { enableLater($("code-submit"), wait); });
  }

  // A form's button comes back after a refusal at once, after a "try again" answer only
  // once the server's Retry-After has passed (a rate limit is not beaten by tapping).
  function enableLater(b, wait) {
    if (!wait) { b.disabled = false; return; }
    window.setTimeout(function () { b.disabled = false; }, wait);
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
      if (tryAgain(r)) {
        setStatus(errText(r, "The room is busy for a moment.") + " Trying again…", "warn");
        window.setTimeout(function () { loadJoin(message); }, waitFor(r, 3000));
        return;
      }
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
      if (tryAgain(r)) {
        var wait = waitFor(r, 5000);
        error.textContent = errText(r, "The room is busy for a moment.") +
          " You can try again in " + plural(Math.max(1, Math.ceil(wait / 1000)), "second", "seconds") + ".";
        return wait;
      }
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
    }).then(function (wait) { enableLater($("join-submit"), wait); });
  }

  function tokenRejected() {
    S.token = null;
    S.connected = false;
    if (S.es) { S.es.close(); S.es = null; }
    store.del(tokenKey());
    var kept = S.outbox.filter(function (op) { return op.op !== "delete"; }).length + S.refused.length;
    loadJoin("Your place in the room has ended on this phone. Join again to take part." +
      (kept ? " " + plural(kept, "note or change", "notes or changes") + " not sent yet " +
        (kept === 1 ? "is" : "are") + " kept on this phone." : ""));
  }

  // -- the room --------------------------------------------------------------------------
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
      pruneRefused();
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

  // -- the timer: from the server's state and the clock offset, never counted ------------
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

  // -- writing notes ---------------------------------------------------------------------
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
    renderColumns(b && b.regions ? b.regions : []);
    var open = writable();
    $("note-input").disabled = !open;
    $("note-submit").disabled = !open;
  }

  function counter(input, output) {
    var n = input.value.length;
    output.textContent = n + " of " + MAX_NOTE + " characters" + (n >= MAX_NOTE ? " (limit reached)" : "");
    output.className = "count" + (n >= MAX_NOTE - 20 ? " warn" : "");
  }

  // On a board with columns (Start / Stop / Continue ...) the person picks where a note goes.
  function renderColumns(titles) {
    var box = $("column-options"), shown = box.getAttribute("data-titles") || "";
    if (shown === JSON.stringify(titles)) { return; }
    var before = S.region !== null && S.regionTitles ? S.regionTitles[S.region] : null;
    S.regionTitles = titles;
    S.region = titles.length === 1 ? 0 : (before !== null && titles.indexOf(before) >= 0 ? titles.indexOf(before) : null);
    box.setAttribute("data-titles", JSON.stringify(titles));
    box.textContent = "";
    titles.forEach(function (title, index) {
      var label = el("label"), radio = el("input");
      radio.type = "radio";
      radio.name = "region";
      radio.value = String(index);
      radio.checked = index === S.region;
      radio.addEventListener("change", function () { S.region = index; noteError(""); });
      label.appendChild(radio);
      label.appendChild(document.createTextNode(" " + title));
      box.appendChild(label);
    });
    $("column-pick").hidden = titles.length < 2;
  }

  function noteSubmit(ev) {
    ev.preventDefault();
    var input = $("note-input"), text = input.value.trim();
    if (!text) { noteError("Write something first."); return; }
    if (text.length > MAX_NOTE) { noteError("A note has at most " + MAX_NOTE + " characters."); return; }
    if (!writable()) { noteError("The board is not open for writing."); return; }
    if (S.regionTitles && S.regionTitles.length > 1 && S.region === null) {
      noteError("Choose a column first.");
      return;
    }
    noteError("");
    S.outbox.push({ op: "create", key: newKey(), text: text, tried: false, region: S.region });
    saveOutbox();
    input.value = "";
    store.del(draftKey());
    counter(input, $("note-count"));
    renderNotes();
    input.focus();
    flush();
  }

  // -- the outbox: sending, retrying, refusals -------------------------------------------
  // S.outbox: operations not yet answered by the server ({op, key, text, tried}), oldest first.
  // S.refused: notes and changes the server refused for good ({op, key, text, reason}), kept
  // on the phone (localStorage) until the person sends them again or discards them.
  function pendingFor(key) { return S.outbox.filter(function (op) { return op.key === key; }); }
  function refusedFor(key) { return S.refused.filter(function (r) { return r.key === key; })[0] || null; }

  function dropRefused(key) {
    var before = S.refused.length;
    S.refused = S.refused.filter(function (r) { return r.key !== key; });
    if (S.refused.length !== before) { saveRefused(); }
    if (!S.refused.length && $("note-error").getAttribute("data-refused")) { noteError(""); }
  }

  // A refused note the server holds after all (its first answer was lost, the refusal came
  // from a later retry) is acknowledged: it leaves the refused list.
  function pruneRefused() {
    var held = {};
    S.notes.forEach(function (n) { held[n.key] = true; });
    S.refused.filter(function (r) { return r.op === "create" && held[r.key]; })
      .forEach(function (r) { dropRefused(r.key); });
  }

  function noteError(text, refusal) {
    var error = $("note-error");
    error.textContent = text;
    if (refusal) { error.setAttribute("data-refused", "1"); } else { error.removeAttribute("data-refused"); }
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

  // "Send again" on a refused note or change: back into the outbox, with the same client key
  // (the server made nothing with it, and if it did, the key makes the resend harmless).
  function resend(key, text) {
    var entry = refusedFor(key);
    if (!entry) { return; }
    dropRefused(key);
    S.outbox.push({ op: entry.op === "edit" ? "edit" : "create", key: key, text: text, tried: false,
                    region: entry.region });
    saveOutbox();
    noteError("");
    renderNotes();
    var li = noteItem(key);
    if (li) { li.focus(); }
    flush();
  }

  function discard(key) {
    dropRefused(key);
    renderNotes();
    $("mine-heading").focus();
  }

  function upsertNote(note) {
    var found = false;
    S.notes = S.notes.map(function (n) { if (n.key === note.key) { found = true; return note; } return n; });
    if (!found) { S.notes.push(note); }
  }

  // No answer (no connection): try again with a growing pause. A "try again" answer: the
  // room is there but busy; wait as long as its Retry-After says (or the same growing pause).
  function scheduleRetry(r) {
    if (S.retryTimer) { return; }
    var wait = S.retryMs;
    if (r) {
      S.busy = true;
      wait = Math.max(waitFor(r, S.retryMs), 500);
    } else {
      S.connected = false;
    }
    S.retryMs = Math.min(S.retryMs * 2, 15000);
    connectionStatus();
    S.retryTimer = window.setTimeout(function () { S.retryTimer = null; flush(); }, wait);
  }

  function send(op) {
    var path = "/api/notes/" + encodeURIComponent(op.key);
    if (op.op === "create") {
      var body = { key: op.key, text: op.text };
      if (typeof op.region === "number") { body.region = op.region; }
      return api("POST", "/api/notes", body);
    }
    if (op.op === "edit") { return api("PATCH", path, { text: op.text }); }
    return api("DELETE", path);
  }

  // Sends what this phone still holds, oldest first; a note leaves the outbox only once the
  // server has answered it for good (a note is acknowledged after its transaction committed).
  function flush() {
    if (S.flushing || !S.token || S.bye || !S.outbox.length || (S.busy && S.retryTimer)) {
      renderNotes();
      return;
    }
    S.flushing = true;
    var op = S.outbox[0];
    op.tried = true;
    saveOutbox();
    send(op).then(function (r) {
      S.flushing = false;
      if (tryAgain(r)) { scheduleRetry(r); renderNotes(); return; }
      S.busy = false;
      S.retryMs = 1000;
      if (r.status === 401) { tokenRejected(); return; }
      var at = S.outbox.indexOf(op);
      if (at >= 0) { S.outbox.splice(at, 1); }
      if (r.ok && r.data.note) {
        upsertNote(r.data.note);
        dropRefused(op.key);
      } else if (op.op === "delete" && (r.ok || r.status === 404)) {
        S.notes = S.notes.filter(function (n) { return n.key !== op.key; });
        dropRefused(op.key);
      } else if (!r.ok) {
        refused(op, r);
      }
      saveOutbox();
      renderNotes();
      flush();
    }, function () {
      S.flushing = false;
      scheduleRetry(null);
      renderNotes();
    });
  }

  // The server's final word against a note or a change: the text moves to the refused list,
  // with the reason, never back into (or over) the writing box.
  function refused(op, r) {
    var reason = errText(r, "The room refused it.");
    if (op.op === "delete") {
      noteError("Not deleted: " + reason);
      refreshMe();
      return;
    }
    var entry = { op: op.op, key: op.key, text: op.text, reason: reason, region: op.region };
    if (op.op === "create") {
      // what was queued after it for the same note follows it: the last edit's text, or a delete
      pendingFor(op.key).forEach(function (later) {
        if (later.op === "edit") { entry.text = later.text; } else if (later.op === "delete") { entry = null; }
      });
      S.outbox = S.outbox.filter(function (later) { return later.key !== op.key; });
    } else if (r.status === 404) {
      // the note is gone from the board (the facilitator deleted it): sending again makes a new one
      entry.op = "create";
      entry.key = newKey();
    }
    if (!entry) { return; }
    var at = -1;
    S.refused.forEach(function (old, i) { if (old.key === op.key) { at = i; } });
    if (at >= 0) { S.refused.splice(at, 1, entry); } else { S.refused.push(entry); }
    saveRefused();
    var n = S.refused.length, edits = S.refused.filter(function (e) { return e.op === "edit"; }).length;
    var what = edits === n ? "changes were" : edits ? "notes and changes were" : "notes were";
    noteError(n === 1 ? "Not sent: " + reason + " Your text is kept under \u201cYour notes\u201d."
      : n + " " + what + " not sent: " + reason + " They are kept under \u201cYour notes\u201d.", true);
  }

  // -- your notes: the list, editing, refused notes --------------------------------------
  // Refused notes first (they wait for the person), then the server's notes with what this
  // phone still has to send laid over them.
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
    var first = [];
    S.refused.forEach(function (r) {
      var n = byKey[r.key];
      if (n && r.op === "create") { return; }  // the server has it after all (pruneRefused)
      if (n) { n.deleted = true; }
      first.push({ key: r.key, text: r.text, status: n ? n.status : null, refused: r });
    });
    return first.concat(list.filter(function (n) { return !n.deleted; }));
  }

  function statusText(n) {
    if (n.refused) { return (n.refused.op === "edit" ? "Change not saved: " : "Not sent: ") + n.refused.reason; }
    if (n.pending) {
      if (!S.connected) { return "Kept on this phone, sent when the connection is back"; }
      return S.busy ? "Kept on this phone: the room is busy, sent again shortly" : "Sending…";
    }
    return STATUS_TEXT[n.status] || n.status || "";
  }

  function noteItem(key) {
    return $("my-notes").querySelector("li[data-key=\"" + key.replace(/[^A-Za-z0-9_-]/g, "") + "\"]");
  }

  function renderNotes() {
    var list = $("my-notes"), notes = mergedNotes(), seen = {};
    $("mine-empty").hidden = notes.length > 0;
    notes.forEach(function (n, index) {
      seen[n.key] = true;
      var li = noteItem(n.key);
      if (!li) { li = el("li", "note"); li.setAttribute("data-key", n.key); li.tabIndex = -1; }
      if (list.children[index] !== li) { list.insertBefore(li, list.children[index] || null); }
      if (S.editing !== n.key) { fillNote(li, n); }
    });
    Array.prototype.slice.call(list.children).forEach(function (li) {
      if (!seen[li.getAttribute("data-key")]) { list.removeChild(li); }
    });
    connectionStatus();
  }

  function fillNote(li, n) {
    var sig = [n.text, statusText(n), n.status, writable(), !!n.refused].join("\u0001");
    if (li.getAttribute("data-sig") === sig && !li.querySelector(".edit-form")) { return; }
    li.setAttribute("data-sig", sig);
    li.textContent = "";
    li.className = "note" + (n.pending ? " pending" : "") + (n.status === "covered" ? " covered" : "") +
      (n.refused ? " refused" : "");
    li.appendChild(el("p", "note-text", n.text));
    li.appendChild(el("p", "note-status", statusText(n)));
    if (n.refused) { refusedActions(li, n); return; }
    if (!writable()) { return; }
    var actions = el("div", "actions");
    var edit = button("edit", "Edit", "Edit note: " + clip(n.text, 40));
    var del = button("delete", "Delete", "Delete note: " + clip(n.text, 40));
    edit.addEventListener("click", function () {
      startEdit(li, n, "Save", function (text) { queueEdit(n.key, text); });
    });
    twoTaps(del, "Tap again to delete", function () { queueDelete(n.key); });
    actions.appendChild(edit);
    actions.appendChild(del);
    li.appendChild(actions);
  }

  // A refused note: send it again (once the board takes notes), edit it first, or discard it.
  function refusedActions(li, n) {
    var actions = el("div", "actions"), short = clip(n.text, 40), open = writable();
    var again = button("resend", "Send again", "Send again: " + short);
    var revise = button("revise", "Edit", "Edit before sending: " + short);
    var drop = button("discard", "Discard", "Discard: " + short);
    able(again, open);
    again.addEventListener("click", function () {
      if (again.getAttribute("aria-disabled") === "true") {
        noteError("The board is not open for writing now; your note stays here until it is.");
        return;
      }
      resend(n.key, n.text);
    });
    revise.addEventListener("click", function () {
      startEdit(li, n, writable() ? "Send" : "Save", function (text) {
        if (writable()) { resend(n.key, text); return; }
        var entry = refusedFor(n.key);
        if (entry) { entry.text = text; saveRefused(); }
        renderNotes();
      });
    });
    twoTaps(drop, "Tap again to discard", function () { discard(n.key); });
    actions.appendChild(again);
    actions.appendChild(revise);
    actions.appendChild(drop);
    li.appendChild(actions);
  }

  function startEdit(li, n, saveText, save) {
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
    var row = el("div", "row"), ok = el("button", "primary save", saveText), cancel = button("cancel", "Cancel");
    ok.type = "submit";
    row.appendChild(count);
    row.appendChild(cancel);
    row.appendChild(ok);
    form.appendChild(label);
    form.appendChild(area);
    form.appendChild(row);
    li.appendChild(form);
    cancel.addEventListener("click", function () { S.editing = null; li.removeAttribute("data-sig"); renderNotes(); });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var text = area.value.trim();
      if (!text) { noteError("A note cannot be empty; delete it instead."); return; }
      S.editing = null;
      li.removeAttribute("data-sig");
      save(text);
    });
    area.focus();
  }

  // -- voting ----------------------------------------------------------------------------
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

  // -- start -----------------------------------------------------------------------------
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
