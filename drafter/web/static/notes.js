/* 「材料是这样理解的」: how the notes were read (sections with their facts and kind, ignored lines, the
   fields found), shown under the notes box and corrected there: rename a section, change its kind,
   move a fact, make a fact a heading or a heading a fact, drop a line or restore an ignored one.
   Drafting then goes from the corrected understanding, written back as Markdown notes by the server
   (/api/notes/compose). Uploads of every kind go to /api/notes/understand.

   This file stands beside page.js and changes none of it: it listens in the capture phase (on the
   form for the file input's change, on the document for the form's submit), so it runs first and
   lets page.js go on when the notes are ready. Every text is set with textContent. Plain ES5. */
(function () {
  "use strict";

  var form = document.getElementById("draft-form");
  var box = document.getElementById("understanding");
  if (!form || !box) { return; }
  var stateLine = document.getElementById("understand-state");
  var KINDS = [["work", "工作"], ["shortcomings", "不足"], ["next", "打算"]];
  var KIND_LABEL = { work: "工作", shortcomings: "不足", next: "打算" };
  var FIELDS = [["title", "标题"], ["community", "单位"], ["period", "时间"], ["kind", "类型"]];
  var state = { u: null, front: {}, dialect: true, text: null, edited: false, passing: false, timer: null, seq: 0, source: "" };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs) { if (attrs.hasOwnProperty(k)) { node.setAttribute(k, attrs[k]); } }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function send(url, body, json, done, fail) {
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    if (json) { xhr.setRequestHeader("Content-Type", "application/json"); }
    xhr.onload = function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      if (xhr.status >= 200 && xhr.status < 300 && data) { done(data); }
      else { fail((data && data.error) || ("请求失败（" + xhr.status + "），请重试。")); }
    };
    xhr.onerror = function () { fail("连接不上服务，请确认 drafter serve 仍在运行。"); };
    xhr.send(json ? JSON.stringify(body) : body);
  }

  function showError(message) {
    var box = document.getElementById("notes-error");
    if (!box) { if (message) { alert(message); } return; }
    box.textContent = message;
    box.hidden = !message;
  }

  function say(text) { if (stateLine) { stateLine.textContent = text; } }

  function withFields(data) {
    ["community", "period", "kind"].forEach(function (k) { data.append(k, form[k].value); });
    return data;
  }

  function fillFields(u) {
    ["community", "period", "kind"].forEach(function (k) { if (u[k] && !form[k].value) { form[k].value = u[k]; } });
  }

  // -- reading ---------------------------------------------------------------------------------
  function accept(res, fillBox) {
    state.u = res.understanding;
    state.front = res.front || {};
    state.dialect = !!res.dialect;
    state.edited = false;
    state.source = res.source || "";
    if (fillBox) { form.notes.value = res.text; form.format.value = res.format || ""; }
    state.text = form.notes.value;
    fillFields(state.u);
    say(state.source ? "已读取：" + state.source : "");
    render();
  }

  function understandText(then) {
    var text = form.notes.value;
    if (!text.replace(/\s/g, "")) { state.u = null; state.text = null; box.hidden = true; say(""); if (then) { then("请先粘贴或上传工作材料。"); } return; }
    var seq = ++state.seq;
    var data = withFields(new FormData());
    data.append("notes", text);
    data.append("format", form.format.value);
    say("正在理解材料……");
    send("/api/notes/understand", data, false, function (res) {
      if (seq !== state.seq) { return; }
      accept(res, false);
      if (then) { then(null); }
    }, function (msg) {
      if (seq !== state.seq) { return; }
      say("");
      state.u = null;
      state.text = null;
      box.hidden = false;
      box.innerHTML = "";
      box.appendChild(el("h3", {}, "材料是这样理解的"));
      box.appendChild(el("p", { "class": "error", "data-testid": "understanding-error" }, msg));
      if (then) { then(msg); }
    });
  }

  form.addEventListener("change", function (ev) {
    if (ev.target !== form.upload) { return; }
    ev.stopPropagation();  // page.js's own upload handler takes text files only
    var file = form.upload.files[0];
    if (!file) { return; }
    var data = withFields(new FormData());
    data.append("file", file);
    showError("");
    say("正在读取 " + file.name + " ……");
    state.seq++;
    send("/api/notes/understand", data, false, function (res) { accept(res, true); }, function (msg) { say(""); showError(msg); });
    form.upload.value = "";
  }, true);

  form.notes.addEventListener("input", function () {
    state.text = null;
    if (state.timer) { clearTimeout(state.timer); }
    state.timer = setTimeout(function () {
      state.timer = null;
      if (!(state.u && state.text === form.notes.value)) { understandText(null); }  // the same text keeps its corrections
    }, 700);
  });

  var button = document.getElementById("understand-button");
  if (button) { button.addEventListener("click", function () { if (state.timer) { clearTimeout(state.timer); state.timer = null; } showError(""); understandText(function (msg) { if (msg) { showError(msg); } }); }); }

  // -- drafting from the understanding ---------------------------------------------------------
  function pass() {
    state.passing = true;
    var ev = document.createEvent("Event");
    ev.initEvent("submit", true, true);
    form.dispatchEvent(ev);
  }

  function compose(then) {
    send("/api/notes/compose", { understanding: state.u, front: state.front }, true, function (res) {
      form.notes.value = res.text;
      form.format.value = "md";
      state.text = res.text;
      state.dialect = true;
      state.edited = false;
      say("已按修改后的理解整理材料（上面的文本框已更新），正在生成初稿。");
      render();
      then();
    }, function (msg) { showError(msg); });
  }

  document.addEventListener("submit", function (ev) {
    if (ev.target !== form) { return; }
    if (state.passing) { state.passing = false; return; }
    if (!form.notes.value.replace(/\s/g, "")) { return; }  // page.js and the server say what is missing
    var fresh = state.u && state.text === form.notes.value;
    if (fresh && state.dialect && !state.edited) { return; }
    ev.preventDefault();
    ev.stopPropagation();
    showError("");
    function go() {
      if (state.edited || !state.dialect) { compose(pass); } else { pass(); }
    }
    if (fresh) { go(); return; }
    if (state.timer) { clearTimeout(state.timer); }
    understandText(function (msg) { if (msg) { showError(msg); } else { go(); } });
  }, true);

  // -- corrections -----------------------------------------------------------------------------
  function edited() { state.edited = true; render(); }

  function guessKind(text) {
    if (/下一步|下步|打算|计划|思路|展望|今后/.test(text)) { return "next"; }
    if (/不足|问题|短板|差距|薄弱|困难/.test(text)) { return "shortcomings"; }
    return "work";
  }

  function moveFact(i, j, k) {
    var s = state.u.sections;
    var fact = s[i].facts.splice(j, 1)[0];
    s[k].facts.push(fact);
    edited();
  }

  function factToHeading(i, j) {
    var s = state.u.sections;
    var fact = s[i].facts[j];
    var rest = s[i].facts.splice(j);
    rest.shift();
    s.splice(i + 1, 0, { title: fact.text, kind: guessKind(fact.text), facts: rest });
    edited();
  }

  function headingToFact(i) {
    var s = state.u.sections;
    var sec = s[i];
    var fact = { id: "", text: sec.title, line: 0 };
    if (i === 0) { sec.facts.unshift(fact); sec.title = ""; }
    else { s[i - 1].facts = s[i - 1].facts.concat([fact], sec.facts); s.splice(i, 1); }
    edited();
  }

  function factToTitle(i, j) {
    state.u.title = state.u.sections[i].facts.splice(j, 1)[0].text;
    edited();
  }

  function dropFact(i, j) {
    var fact = state.u.sections[i].facts.splice(j, 1)[0];
    state.u.ignored = state.u.ignored || [];
    state.u.ignored.push({ line: fact.line || 0, text: fact.text, reason: "手动标为不采用" });
    edited();
  }

  function restore(n) {
    var line = state.u.ignored.splice(n, 1)[0];
    var s = state.u.sections;
    if (!s.length) { s.push({ title: "", kind: "work", facts: [] }); }
    var target = 0;
    for (var i = 0; i < s.length; i++) {
      for (var j = 0; j < s[i].facts.length; j++) { if (s[i].facts[j].line && s[i].facts[j].line < line.line) { target = i; } }
    }
    var facts = s[target].facts;
    var at = facts.length;
    for (var m = 0; m < facts.length; m++) { if (facts[m].line && facts[m].line > line.line) { at = m; break; } }
    facts.splice(at, 0, { id: "", text: line.text, line: line.line });
    edited();
  }

  // -- showing ---------------------------------------------------------------------------------
  function button_(label, testid, title, onclick) {
    var b = el("button", { type: "button", "data-testid": testid, title: title }, label);
    b.addEventListener("click", onclick);
    return b;
  }

  function sectionName(sec) { return (sec.title || "（无标题）") + "（" + KIND_LABEL[sec.kind] + "）"; }

  function renderSection(sec, i) {
    var sections = state.u.sections;
    var div = el("div", { "class": "usec", "data-testid": "understood-section", "data-kind": sec.kind, "data-index": String(i) });
    var head = el("div", { "class": "head" });
    var title = el("input", { type: "text", "data-testid": "section-title", placeholder: "（无标题）", "aria-label": "部分标题" });
    title.value = sec.title;
    title.addEventListener("change", function () { sec.title = title.value.replace(/^\s+|\s+$/g, ""); edited(); });
    head.appendChild(title);
    var kind = el("select", { "data-testid": "section-kind", "aria-label": "这一部分是" });
    KINDS.forEach(function (k) { var o = el("option", { value: k[0] }, k[1]); if (k[0] === sec.kind) { o.selected = true; } kind.appendChild(o); });
    kind.addEventListener("change", function () { sec.kind = kind.value; edited(); });
    head.appendChild(kind);
    if (sec.title) { head.appendChild(button_("改为事实", "heading-to-fact", "这不是标题：把它当作一条事实，本部分并入上一部分", function () { headingToFact(i); })); }
    div.appendChild(head);
    if (!sec.facts.length) { div.appendChild(el("p", { "class": "empty-section" }, "（这一部分没有事实，生成时略去）")); }
    var ol = el("ol", {});
    sec.facts.forEach(function (fact, j) {
      var li = el("li", { "data-testid": "understood-fact", "data-id": fact.id || "" });
      li.appendChild(el("span", { "class": "text" }, fact.text));
      var acts = el("span", { "class": "acts" });
      if (sections.length > 1) {
        var move = el("select", { "data-testid": "move-fact", "aria-label": "移到另一部分" });
        move.appendChild(el("option", { value: "" }, "移到…"));
        sections.forEach(function (other, k) { if (k !== i) { move.appendChild(el("option", { value: String(k) }, sectionName(other))); } });
        move.addEventListener("change", function () { if (move.value !== "") { moveFact(i, j, parseInt(move.value, 10)); } });
        acts.appendChild(move);
      }
      if (!state.u.title && /(总结|要点|汇报|报告)$/.test(fact.text)) {
        acts.appendChild(button_("作总标题", "fact-to-title", "这是整篇材料的标题", function () { factToTitle(i, j); }));
      }
      acts.appendChild(button_("作标题", "fact-to-heading", "这是标题：从这一行起另成一部分", function () { factToHeading(i, j); }));
      acts.appendChild(button_("不采用", "drop-fact", "这一行不是事实（如问候语、落款）", function () { dropFact(i, j); }));
      li.appendChild(acts);
      ol.appendChild(li);
    });
    div.appendChild(ol);
    return div;
  }

  function render() {
    var u = state.u;
    box.innerHTML = "";
    box.hidden = !u;
    if (!u) { return; }
    box.appendChild(el("h3", {}, "材料是这样理解的"));
    var fields = el("p", { "class": "fields-found", "data-testid": "understood-fields" });
    FIELDS.forEach(function (f) {
      var value = u[f[0]] || "";
      fields.appendChild(el("span", { "data-field": f[0], "class": value ? "" : "none" }, f[1] + "：" + (value || "未写明")));
    });
    box.appendChild(fields);
    var facts = 0;
    u.sections.forEach(function (s) { facts += s.facts.length; });
    var ignored = u.ignored || [];
    box.appendChild(el("p", { "class": "meta", "data-testid": "understood-summary" },
      u.sections.length + "个部分，" + facts + "条事实" + (ignored.length ? "，" + ignored.length + "行未采用" : "") +
      "。不对的地方可以直接改：改标题、改类别、把事实移到别的部分。"));
    if (state.edited) { box.appendChild(el("p", { "class": "notice", "data-testid": "understanding-edited" }, "已修改：生成初稿时按修改后的理解。")); }
    var numbered = ignored.filter(function (line) { return /[0-9０-９]/.test(line.text); }).length;
    if (numbered) {
      box.appendChild(el("p", { "class": "notice", "data-testid": "ignored-number-warning" },
        "注意：有" + numbered + "行带数字的内容没有采用（见下面“未采用的行”），如果是工作成绩，请点“恢复为事实”。"));
    }
    u.sections.forEach(function (sec, i) { box.appendChild(renderSection(sec, i)); });
    if (ignored.length) {
      box.appendChild(el("h4", {}, "未采用的行（" + ignored.length + "）"));
      var ul = el("ul", { "class": "ignored" });
      ignored.forEach(function (line, n) {
        var li = el("li", { "data-testid": "ignored-line", "data-line": String(line.line || "") });
        li.appendChild(el("span", {}, (line.line ? "第" + line.line + "行：" : "") + line.text));
        li.appendChild(el("span", { "class": "reason" }, "（" + (line.reason || "未采用") + "）"));
        if (/[0-9０-９]/.test(line.text)) { li.appendChild(el("span", { "class": "has-number", title: "这一行有数字，请确认是否应当采用" }, " 含数字")); }
        li.appendChild(button_("恢复为事实", "restore-line", "把这一行作为事实放回材料", function () { restore(n); }));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
  }

  // -- a reopened draft: its notes and fields back in the form ---------------------------------
  var panel = document.getElementById("panel");
  var draftId = panel && panel.getAttribute("data-draft");
  if (draftId && !form.notes.value) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", "/api/drafts/" + draftId + "/notes");
    xhr.onload = function () {
      var res = null;
      try { res = JSON.parse(xhr.responseText); } catch (e) { res = null; }
      if (xhr.status !== 200 || !res || form.notes.value) { return; }
      ["community", "period", "kind"].forEach(function (k) { form[k].value = res[k] || ""; });
      res.source = "";
      accept(res, true);
    };
    xhr.send(null);
  }
})();
