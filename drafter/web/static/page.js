/* The page's behaviour: send forms, poll a draft's progress, swap in the HTML the server renders.
   No marking or checking happens here; every text shown is set with textContent or comes from the
   server's autoescaped templates. Plain ES5 for old office browsers. */
(function () {
  "use strict";

  function $(sel, root) { return (root || document).querySelector(sel); }

  function showError(box, message) {
    if (!box) { alert(message); return; }
    box.textContent = message;
    box.hidden = !message;
  }

  function send(url, body, done, fail) {
    var xhr = new XMLHttpRequest();
    xhr.open(body ? "POST" : "GET", url);
    xhr.onload = function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      if (xhr.status >= 200 && xhr.status < 300 && data) { done(data); }
      else { fail((data && data.error) || ("请求失败（" + xhr.status + "），请重试。"), data || {}); }
    };
    xhr.onerror = function () { fail("连接不上服务，请确认 drafter serve 仍在运行。"); };
    xhr.send(body || null);
  }

  // -- notes in ------------------------------------------------------------------------------
  var form = $("#draft-form");
  if (form) {
    var error = $("#notes-error");
    form.upload.addEventListener("change", function () {
      var file = form.upload.files[0];
      if (!file) { return; }
      var data = new FormData();
      data.append("file", file);
      showError(error, "");
      send("/api/notes/upload", data, function (res) {
        form.notes.value = res.text;
        form.format.value = res.format;
        ["community", "period", "kind"].forEach(function (k) { if (res[k]) { form[k].value = res[k]; } });
      }, function (msg) { showError(error, msg); });
      form.upload.value = "";
    });
    form.notes.addEventListener("input", function () { form.format.value = ""; });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var button = $("[data-testid=draft-button]", form);
      button.disabled = true;
      showError(error, "");
      var data = new FormData(form);
      data.delete("upload");
      send("/api/drafts", data, function (res) {
        button.disabled = false;
        history.pushState(null, "", res.url);
        var panel = $("#panel");
        panel.setAttribute("data-draft", res.id);
        panel.innerHTML = '<div id="progress" data-testid="progress"><p>正在生成初稿……</p></div>';
        poll(res.id);
      }, function (msg) { button.disabled = false; showError(error, msg); });
    });
  }

  var checkForm = $("#check-form");
  if (checkForm && form) {
    checkForm.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var data = new FormData(checkForm);
      ["notes", "community", "period", "kind", "format"].forEach(function (k) { data.append(k, form[k].value); });
      send("/api/check-draft", data, function (res) { location.href = res.url; },
           function (msg) { showError($("#notes-error"), msg); });
    });
  }

  // -- a draft: progress, then the marked draft ----------------------------------------------
  var labels = { started: "正在写", repairing: "正在修正", done: "已完成", failed: "未通过核对" };

  function renderProgress(res) {
    var box = $("#progress");
    if (!box) { return; }
    box.innerHTML = "";
    var head = document.createElement("p");
    head.textContent = "正在生成初稿……" + (res.total ? "（" + res.done + " / " + res.total + "）" : "");
    box.appendChild(head);
    var list = document.createElement("ol");
    var latest = {}, order = [];  // one line per section, in its latest state
    (res.progress || []).forEach(function (ev) { if (!latest[ev.key]) { order.push(ev.key); } latest[ev.key] = ev; });
    order.map(function (k) { return latest[k]; }).forEach(function (ev) {
      var li = document.createElement("li");
      li.className = ev.state;
      li.setAttribute("data-testid", "progress-item");
      li.textContent = (ev.key === "opening" ? "开头" : ev.key === "closing" ? "结尾" : ev.heading) + "：" + (labels[ev.state] || ev.state);
      list.appendChild(li);
    });
    box.appendChild(list);
    // a model draft's sections appear as they are written; their marks come when the whole draft is checked
    var written = (res.progress || []).filter(function (ev) { return (ev.state === "done" || ev.state === "failed") && (ev.text || ev.reason); });
    var rank = function (k) { return k === "opening" ? "0" : k === "closing" ? "9" : "1" + k; };
    written.sort(function (a, b) { return rank(a.key) < rank(b.key) ? -1 : 1; });
    written.forEach(function (ev) {
      var sec = document.createElement("section");
      sec.className = "streamed";
      sec.setAttribute("data-testid", "streamed-section");
      if (ev.heading) { var h = document.createElement("h3"); h.textContent = ev.heading; sec.appendChild(h); }
      (ev.text || "").split(/\n+/).forEach(function (line) {
        if (!line.trim()) { return; }
        var p = document.createElement("p");
        p.textContent = line;
        sec.appendChild(p);
      });
      if (ev.state === "failed") {
        var why = document.createElement("p");
        why.className = "error";
        why.setAttribute("data-testid", "section-failed");
        why.textContent = ev.text ? "本节有数字对不上材料，初稿写完后会标出；可在该部分下点“重写本节”。"
                                  : "模型没有写出可用的内容（已重试）；初稿写完后可在该部分下点“重写本节”。";
        sec.appendChild(why);
      }
      box.appendChild(sec);
    });
  }

  function listDraft(id, title) {
    var list = $("[data-testid=draft-list]");
    if (!list || $('a[href="/d/' + id + '"]', list)) { return; }
    var empty = $("li.meta", list);
    if (empty) { list.removeChild(empty); }
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = "/d/" + id;
    a.textContent = title || "（未命名）";
    li.appendChild(a);
    list.insertBefore(li, list.firstChild);
  }

  function poll(id) {
    send("/api/drafts/" + id, null, function (res) {
      var panel = $("#panel");
      if (panel.getAttribute("data-draft") !== id) { return; }
      panel.setAttribute("data-status", res.status);
      if (res.status === "running") { renderProgress(res); setTimeout(function () { poll(id); }, 150); return; }
      if (res.status === "done") { panel.innerHTML = res.panel; listDraft(id, res.title); return; }
      panel.innerHTML = "";
      var p = document.createElement("p");
      p.className = "error";
      p.setAttribute("data-testid", "error");
      p.textContent = res.error || "生成失败。";
      panel.appendChild(p);
    }, function (msg) { showError($("#notes-error"), msg); });
  }

  var panel = $("#panel");
  if (panel && panel.getAttribute("data-status") === "running") { poll(panel.getAttribute("data-draft")); }

  // Someone else saved first: their text beside ours; the next save is on top of theirs.
  function showConflict(target, msg, data) {
    var box = $("[data-testid=conflict]", target);
    if (!box) {
      box = document.createElement("div");
      box.className = "conflict";
      box.setAttribute("data-testid", "conflict");
      target.insertBefore(box, target.firstChild);
    }
    box.innerHTML = "";
    var p = document.createElement("p");
    p.className = "error";
    p.setAttribute("role", "alert");
    p.textContent = msg;
    var h = document.createElement("h4");
    h.textContent = "别人保存的第" + data.version + "版：";
    var theirs = document.createElement("textarea");
    theirs.readOnly = true;
    theirs.rows = 10;
    theirs.setAttribute("data-testid", "conflict-theirs");
    theirs.value = data.theirs;
    box.appendChild(p); box.appendChild(h); box.appendChild(theirs);
    target.base_version.value = data.version;
    if (box.scrollIntoView) { box.scrollIntoView({ block: "start" }); }
  }

  // The result of 重新核对 or 重写本节 goes next to the button that was pressed: the check's status
  // and its problem list (each problem jumps to its number), and a rewrite's changes under its section.
  function resultBox() {
    var box = document.createElement("div");
    box.className = "result box";
    box.setAttribute("data-testid", "check-result");
    box.setAttribute("role", "status");
    var status = $("[data-testid=check-status]", panel);
    var problems = $("[data-testid=problems]", panel);
    if (status) { box.appendChild(status.cloneNode(true)); box.firstChild.removeAttribute("data-testid"); }
    if (problems && problems.children.length) { var copy = problems.cloneNode(true); copy.removeAttribute("data-testid"); box.appendChild(copy); }
    return box;
  }

  function setPanel(res, origin) {
    panel.innerHTML = res.panel;
    var changed = $("section.changed", panel);
    var box = resultBox();
    if (origin === "edit") {
      var edit = $("#edit-form", panel);
      edit.appendChild(box);
      if (box.scrollIntoView) { box.scrollIntoView({ block: "center" }); }
    } else if (origin === "restore") {
      var versions = $("[data-testid=versions]", panel);
      versions.parentNode.insertBefore(box, versions.nextSibling);
      Array.prototype.slice.call(panel.querySelectorAll("[data-testid=notice]")).reverse().forEach(function (el) {
        versions.parentNode.insertBefore(el, versions.nextSibling);
      });
      if (box.scrollIntoView) { box.scrollIntoView({ block: "center" }); }
    } else if (changed) {
      var after = $("form.rewrite", changed) || changed.lastChild;
      Array.prototype.slice.call(panel.querySelectorAll("[data-testid=notice], [data-testid=diff]")).reverse().forEach(function (el) {
        after.parentNode.insertBefore(el, after.nextSibling);
      });
      changed.appendChild(box);
      if (changed.scrollIntoView) { changed.scrollIntoView({ block: "start" }); }
    }
  }

  // The source of a number, next to it (a tap on a phone, a click or Enter elsewhere).
  function showPop(mark) {
    var pop = $("#pop");
    if (!pop) {
      pop = document.createElement("div");
      pop.id = "pop";
      pop.setAttribute("data-testid", "proof-pop");
      pop.setAttribute("role", "tooltip");
      document.body.appendChild(pop);
    }
    pop.textContent = mark.textContent + " — " + (mark.getAttribute("title") || "");
    var r = mark.getBoundingClientRect();
    var width = Math.min(360, document.documentElement.clientWidth - 16);
    pop.style.width = width + "px";
    pop.style.left = Math.max(8, Math.min(r.left + window.pageXOffset, window.pageXOffset + document.documentElement.clientWidth - width - 8)) + "px";
    pop.style.top = (r.bottom + window.pageYOffset + 4) + "px";
    pop.hidden = false;
  }

  function jump(item) {
    var kind = item.getAttribute("data-jump"), q = item.getAttribute("data-q");
    var selector = kind === "placeholder" ? "article mark.placeholder" : "article mark.q." + kind;
    var marks = Array.prototype.filter.call(panel.querySelectorAll(selector), function (m) { return m.textContent === q; });
    var siblings = Array.prototype.filter.call(item.parentNode.children, function (li) { return li.getAttribute("data-q") === q; });
    var mark = marks[Math.max(0, siblings.indexOf(item))] || marks[0];
    if (!mark) { return; }
    if (mark.scrollIntoView) { mark.scrollIntoView({ block: "center" }); }
    mark.focus();
    mark.className += " flash";
    setTimeout(function () { mark.className = mark.className.replace(" flash", ""); }, 1600);
    showPop(mark);
  }

  if (panel) {
    panel.addEventListener("submit", function (ev) {
      var target = ev.target;
      var id = panel.getAttribute("data-draft");
      if (target.id === "edit-form") {
        ev.preventDefault();
        var b = $("[data-testid=check-button]", target);
        b.disabled = true;
        send("/api/drafts/" + id + "/check", new FormData(target), function (res) { setPanel(res, "edit"); }, function (msg, data) {
          b.disabled = false;
          if (data.conflict) { showConflict(target, msg, data); } else { alert(msg); }
        });
      } else if (target.className === "rewrite") {
        ev.preventDefault();
        var data = new FormData(target);
        data.append("section", target.getAttribute("data-section"));
        var rb = $("button", target);
        rb.disabled = true;
        rb.textContent = "正在重写……";
        send("/api/drafts/" + id + "/rewrite", data, function (res) { setPanel(res, "rewrite"); }, function (msg) { rb.disabled = false; rb.textContent = "重写本节"; alert(msg); });
      }
    });
    // Hover shows the title; a click (or tap) shows the proof in the line under the status.
    panel.addEventListener("click", function (ev) {
      var version = ev.target.closest ? ev.target.closest("a.version") : null;
      if (version) {
        ev.preventDefault();
        send("/api/drafts/" + panel.getAttribute("data-draft") + "/versions/" + version.getAttribute("data-number"), null, function (res) {
          $("[data-testid=version-show]", panel).innerHTML = res.html;
        }, alert);
        return;
      }
      if (ev.target.className === "restore") {
        var data = new FormData();
        var base = $("#edit-form input[name=base_version]", panel);
        if (base) { data.append("base_version", base.value); }
        send("/api/drafts/" + panel.getAttribute("data-draft") + "/versions/" + ev.target.getAttribute("data-number") + "/restore", data, function (res) { setPanel(res, "restore"); }, alert);
        return;
      }
      if (ev.target.getAttribute && ev.target.getAttribute("data-testid") === "delete-button") {
        if (confirm("确定删除这份初稿吗？删除后30天内，街道管理员可以恢复。")) {
          send("/api/drafts/" + panel.getAttribute("data-draft") + "/delete", new FormData(), function () { location.href = "/"; }, alert);
        }
        return;
      }
      var item = ev.target.closest ? ev.target.closest("li[data-jump]") : null;
      if (item) { jump(item); return; }
      var mark = ev.target.closest ? ev.target.closest("article mark.q, article mark.placeholder") : null;
      var proof = $("#proof", panel);
      if (mark && proof) { proof.textContent = mark.textContent + " — " + mark.getAttribute("title"); }
      if (mark) { showPop(mark); } else if ($("#pop")) { $("#pop").hidden = true; }
    });
  }

  if (panel) {
    panel.addEventListener("keydown", function (ev) {
      var t = ev.target;
      if (ev.key !== "Enter" || !t.closest) { return; }
      if (t.closest("li[data-jump]")) { jump(t.closest("li[data-jump]")); }
      else if (t.closest("article mark.q, article mark.placeholder")) { showPop(t); }
    });
  }

  // -- file inputs: a Chinese button and the chosen file's name, whatever the browser's language --
  Array.prototype.forEach.call(document.querySelectorAll("input[type=file]"), function (input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "file-button";
    button.setAttribute("data-testid", (input.getAttribute("data-testid") || input.name) + "-button");
    button.textContent = input.multiple ? "选择文件（可多选）" : "选择文件";
    var name = document.createElement("span");
    name.className = "file-name meta";
    name.textContent = "未选择文件";
    input.className += " file-hidden";
    input.parentNode.insertBefore(button, input.nextSibling);
    input.parentNode.insertBefore(name, button.nextSibling);
    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      var files = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
      name.textContent = files.length ? files.join("、") : "未选择文件";
    });
  });

  // -- the admin page: bring back a deleted draft ---------------------------------------------
  var deleted = $("[data-testid=deleted-list]");
  if (deleted) {
    deleted.addEventListener("click", function (ev) {
      if (ev.target.className !== "undelete") { return; }
      send("/api/drafts/" + ev.target.getAttribute("data-id") + "/undelete", new FormData(), function (res) { location.href = res.url; }, alert);
    });
  }

  // -- the corpus ------------------------------------------------------------------------------
  var add = $("#corpus-add");
  if (add) {
    add.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var out = $("#corpus-result");
      showError($("#corpus-error"), "");
      send("/api/corpus/add", new FormData(add), function (res) {
        out.innerHTML = "";
        var lines = [];
        res.added.forEach(function (a) { lines.push("已添加：" + a.title + "（" + a.sections + "个段落）"); });
        res.skipped.forEach(function (s) { lines.push("已跳过：" + s.title + "（" + s.reason + "）"); });
        res.failed.forEach(function (f) { lines.push("未能添加：" + f.source + "（" + f.reason + "）"); });
        lines.forEach(function (t) { var p = document.createElement("p"); p.textContent = t; out.appendChild(p); });
        if (res.added.length) { var p = document.createElement("p"); p.className = "meta"; p.textContent = "刷新页面可看到新范文；请重建索引。"; out.appendChild(p); }
      }, function (msg) { showError($("#corpus-error"), msg); });
    });
    var status = $("#index-status");
    function watchIndex() {
      send("/api/corpus/index", null, function (res) {
        status.textContent = res.message;
        status.setAttribute("data-state", res.state);
        if (res.state === "running") { setTimeout(watchIndex, 500); } else { $("#reindex").disabled = false; }
      }, function (msg) { status.textContent = msg; });
    }
    $("#reindex").addEventListener("click", function () {
      this.disabled = true;
      send("/api/corpus/index", new FormData(), function () { watchIndex(); }, function (msg) { status.textContent = msg; });
    });
    if (status.getAttribute("data-state") === "running") { watchIndex(); }
    var search = $("#corpus-search");
    search.addEventListener("submit", function (ev) {
      ev.preventDefault();
      send("/api/corpus/search?q=" + encodeURIComponent(search.q.value), null, function (res) {
        $("#search-results").innerHTML = res.html;
      }, function (msg) { var r = $("#search-results"); r.textContent = msg; });
    });
  }
})();
