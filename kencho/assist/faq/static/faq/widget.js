// Kencho FAQ chat widget. One tag on any page:
//
//   <script src="https://<kencho>/static/faq/widget.js" data-collection="kanko" defer></script>
//
// adds a "質問する / Ask a question" button; it opens a modal dialog that asks the public search API
// (GET /api/v1/faq/{collection}/search, readable from any origin) and shows the answer, up to four
// alternatives, "did this solve it?" and, when nothing fits, a link to the contact form on Kencho's
// full FAQ page. Optional attributes:
//
//   data-lang        ja | en | ja-easy  (default: the page's <html lang>)
//   data-page-url    the full FAQ page  (default: <kencho>/faq/<collection>/)
//   data-api-base    the API's root     (default: <kencho>/api/v1)
//   data-stylesheet  the widget's CSS   (default: widget.css beside this file)
//
// Nothing inline: the styles come from a <link> this script adds, and every class name starts with
// "kfaq-", so the host page's Content-Security-Policy needs only script-src, style-src and
// connect-src to allow Kencho's origin. Answers are HTML that Kencho sanitised; they are copied here
// element by element through an allowlist once more, never assigned with innerHTML.
(function () {
  "use strict";

  var script = document.currentScript ||
    document.querySelector("script[data-collection][src*='faq/widget']");
  if (!script || !script.getAttribute("data-collection")) { return; }

  var TEXT = {
    ja: {
      launcher: "質問する",
      title: "チャットで質問",
      close: "閉じる",
      label: "質問",
      hint: "ふだんのことばで入力してください。英語でも質問できます。",
      send: "送信",
      easy: "やさしい日本語で表示する",
      searching: "さがしています…",
      found: "回答が見つかりました: ",
      notFound: "ぴったりの回答が見つかりませんでした。担当課に問い合わせることができます。",
      answer: "回答",
      alternatives: "ほかの回答",
      related: "関係がありそうな回答",
      solved: "この回答で解決しましたか？",
      yes: "はい",
      no: "いいえ",
      thanks: "ご協力ありがとうございました。",
      sorry: "ご意見ありがとうございました。解決しないときは、担当課に問い合わせることができます。",
      contact: "担当課に問い合わせる",
      fullPage: "よくある質問のページを開く",
      blank: "質問を入力してください。",
      tooMany: "質問が多すぎます。少し待ってから、もう一度お試しください。",
      failed: "いまは回答できません。しばらくしてから、もう一度お試しください。",
      japaneseOnly: ""
    },
    en: {
      launcher: "Ask a question",
      title: "Ask us",
      close: "Close",
      label: "Your question",
      hint: "Ask in your own words, in English or Japanese.",
      send: "Send",
      easy: "",
      searching: "Searching…",
      found: "Answer found: ",
      notFound: "No answer fits your question. You can contact the office in charge.",
      answer: "Answer",
      alternatives: "Other answers",
      related: "Answers that may be related",
      solved: "Did this solve it?",
      yes: "Yes",
      no: "No",
      thanks: "Thank you for your feedback.",
      sorry: "Thank you. If it is not solved, you can contact the office in charge.",
      contact: "Contact the office in charge",
      fullPage: "Open the FAQ page",
      blank: "Type a question.",
      tooMany: "Too many questions. Wait a moment and try again.",
      failed: "No answer can be given now. Please try again later.",
      japaneseOnly: "This answer is available in Japanese only."
    }
  };
  var ALLOWED = { P: 1, BR: 1, UL: 1, OL: 1, LI: 1, A: 1, STRONG: 1, EM: 1, B: 1, I: 1 };
  var DROPPED = { SCRIPT: 1, STYLE: 1, TEMPLATE: 1, IFRAME: 1, OBJECT: 1, SVG: 1, MATH: 1 };
  var SAFE_LINK = /^(https?:|mailto:|tel:)/i;

  var collection = script.getAttribute("data-collection");
  var source = new URL(script.src, window.location.href);
  var pageUrl = new URL(
    script.getAttribute("data-page-url") || "/faq/" + encodeURIComponent(collection) + "/", source.origin
  ).href;
  var apiBase = (script.getAttribute("data-api-base") || source.origin + "/api/v1").replace(/\/$/, "");
  var chosen = (script.getAttribute("data-lang") || document.documentElement.lang || "ja").toLowerCase();
  var ui = chosen.indexOf("en") === 0 ? "en" : "ja";
  var t = TEXT[ui];
  var serial = (window.kenchoFaqWidgets = (window.kenchoFaqWidgets || 0) + 1);
  var id = function (name) { return "kfaq-" + name + "-" + serial; };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function copyAllowed(from, to) {
    Array.prototype.forEach.call(from.childNodes, function (node) {
      if (node.nodeType === 3) { to.appendChild(document.createTextNode(node.nodeValue)); return; }
      if (node.nodeType !== 1 || DROPPED[node.tagName]) { return; }
      if (!ALLOWED[node.tagName]) { copyAllowed(node, to); return; }
      var copy = document.createElement(node.tagName.toLowerCase());
      if (node.tagName === "A") {
        var href = node.getAttribute("href") || "";
        if (SAFE_LINK.test(href)) { copy.setAttribute("href", href); }
        copy.setAttribute("rel", "noopener noreferrer");
      }
      copyAllowed(node, copy);
      to.appendChild(copy);
    });
  }

  function answerBody(html, language) {
    var body = element("div", "kfaq-answer");
    body.setAttribute("lang", language === "ja-easy" ? "ja" : language);
    var parsed = new DOMParser().parseFromString(html, "text/html"); // an inert document: nothing runs
    copyAllowed(parsed.body, body);
    return body;
  }

  // --- the stylesheet, the launcher and the dialog

  var stylesheet = document.createElement("link");
  stylesheet.rel = "stylesheet";
  stylesheet.href = script.getAttribute("data-stylesheet") ||
    source.href.replace(/widget(\.[0-9a-f]+)?\.js(\?.*)?$/, "widget.css");
  document.head.appendChild(stylesheet);

  var launcher = element("button", "kfaq-launcher", t.launcher);
  launcher.type = "button";
  launcher.setAttribute("aria-haspopup", "dialog");
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", id("dialog"));
  launcher.setAttribute("lang", ui);

  var dialog = element("dialog", "kfaq-dialog");
  dialog.id = id("dialog");
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-modal", "true");
  dialog.setAttribute("aria-labelledby", id("title"));
  dialog.setAttribute("lang", ui);

  var header = element("div", "kfaq-header");
  var title = element("h2", "kfaq-title", t.title);
  title.id = id("title");
  var closeButton = element("button", "kfaq-close", "×");
  closeButton.type = "button";
  closeButton.setAttribute("aria-label", t.close);
  header.appendChild(title);
  header.appendChild(closeButton);

  var form = element("form", "kfaq-form");
  form.setAttribute("role", "search");
  form.setAttribute("aria-labelledby", id("title"));
  var label = element("label", "kfaq-label", t.label);
  label.htmlFor = id("q");
  var hint = element("p", "kfaq-hint", t.hint);
  hint.id = id("hint");
  var row = element("div", "kfaq-row");
  var input = element("input", "kfaq-input");
  input.type = "text";
  input.id = id("q");
  input.name = "q";
  input.maxLength = 500;
  input.autocomplete = "off";
  input.setAttribute("aria-describedby", id("hint"));
  var send = element("button", "kfaq-button", t.send);
  send.type = "submit";
  row.appendChild(input);
  row.appendChild(send);
  form.appendChild(label);
  form.appendChild(hint);
  form.appendChild(row);
  var easy = null;
  if (ui === "ja") {
    var choice = element("div", "kfaq-choice");
    easy = element("input");
    easy.type = "checkbox";
    easy.id = id("easy");
    easy.checked = chosen === "ja-easy";
    var easyLabel = element("label", "", t.easy);
    easyLabel.htmlFor = id("easy");
    choice.appendChild(easy);
    choice.appendChild(easyLabel);
    form.appendChild(choice);
  }

  var live = element("div", "kfaq-live");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  var results = element("div", "kfaq-results");
  var footer = element("p", "kfaq-footer");
  var pageLink = element("a", "", t.fullPage);
  pageLink.href = pageUrl;
  footer.appendChild(pageLink);

  dialog.appendChild(header);
  dialog.appendChild(form);
  dialog.appendChild(live);
  dialog.appendChild(results);
  dialog.appendChild(footer);

  // --- opening, closing, keeping the focus inside

  var native = typeof dialog.showModal === "function";

  function focusable() {
    return Array.prototype.filter.call(
      dialog.querySelectorAll("a[href], button:not([disabled]), input:not([disabled]), summary, [tabindex='0']"),
      function (node) { return node.offsetWidth > 0 || node.offsetHeight > 0 || node === document.activeElement; }
    );
  }

  function open() {
    if (native) { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    launcher.setAttribute("aria-expanded", "true");
    input.focus();
  }

  function close() {
    if (native && dialog.open) { dialog.close(); } else { dialog.removeAttribute("open"); }
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", open);
  closeButton.addEventListener("click", close);
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); close(); });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); close(); return; }
    if (event.key !== "Tab") { return; }
    var nodes = focusable();
    if (!nodes.length) { return; }
    var first = nodes[0];
    var last = nodes[nodes.length - 1];
    if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
  });

  function announce(text) {
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  // --- asking

  function answerLanguage() {
    if (ui === "en") { return "en"; }
    return easy && easy.checked ? "ja-easy" : "";
  }

  function contactLink(query) {
    var link = element("a", "kfaq-button kfaq-contact", t.contact);
    link.href = pageUrl + "contact/?" + new URLSearchParams({ q: query }).toString();
    return link;
  }

  function feedbackBlock(answer, query) {
    var box = element("div", "kfaq-feedback");
    var question = element("p", "kfaq-feedback-title", t.solved);
    question.id = id("solved");
    var buttons = element("div", "kfaq-feedback-buttons");
    buttons.setAttribute("role", "group");
    buttons.setAttribute("aria-labelledby", id("solved"));
    [["yes", t.yes], ["no", t.no]].forEach(function (choice) {
      var button = element("button", "kfaq-button kfaq-button--secondary", choice[1]);
      button.type = "button";
      button.addEventListener("click", function () { sendFeedback(box, answer, query, choice[0]); });
      buttons.appendChild(button);
    });
    box.appendChild(question);
    box.appendChild(buttons);
    return box;
  }

  function sendFeedback(box, answer, query, helpful) {
    var body = new URLSearchParams({ entry: String(answer.id), q: query, helpful: helpful, lang: answer.language });
    fetch(pageUrl + "widget-feedback/", { method: "POST", body: body, credentials: "omit", mode: "cors" })
      .catch(function () { /* feedback is a courtesy: the answer stays on screen either way */ });
    box.textContent = "";
    var thanks = element("p", "kfaq-thanks", helpful === "yes" ? t.thanks : t.sorry);
    thanks.tabIndex = -1;
    box.appendChild(thanks);
    if (helpful === "no") { box.appendChild(contactLink(query)); }
    announce(thanks.textContent);
    thanks.focus();
  }

  function alternativesList(answers, heading) {
    var section = element("div", "kfaq-alternatives");
    section.appendChild(element("h3", "kfaq-subtitle", heading));
    var list = element("ul", "kfaq-list");
    answers.forEach(function (answer) {
      var item = element("li");
      var details = element("details");
      details.appendChild(element("summary", "", answer.question));
      details.appendChild(answerBody(answer.answer, answer.language));
      item.appendChild(details);
      list.appendChild(item);
    });
    section.appendChild(list);
    return section;
  }

  function show(data, query) {
    results.textContent = "";
    var answers = data.results || [];
    if (!data.no_good_match && answers.length) {
      var top = answers[0];
      var article = element("div", "kfaq-top");
      article.appendChild(element("h3", "kfaq-subtitle", t.answer));
      var question = element("p", "kfaq-question", top.question);
      question.setAttribute("lang", top.language === "ja-easy" ? "ja" : top.language);
      article.appendChild(question);
      article.appendChild(answerBody(top.answer, top.language));
      if (ui === "en" && top.language !== "en") { article.appendChild(element("p", "kfaq-note", t.japaneseOnly)); }
      article.appendChild(feedbackBlock(top, query));
      results.appendChild(article);
      if (answers.length > 1) { results.appendChild(alternativesList(answers.slice(1, 5), t.alternatives)); }
      announce(t.found + top.question);
    } else {
      var none = element("div", "kfaq-none");
      none.appendChild(element("p", "", t.notFound));
      none.appendChild(contactLink(query));
      results.appendChild(none);
      if (answers.length) { results.appendChild(alternativesList(answers.slice(0, 3), t.related)); }
      announce(t.notFound);
    }
  }

  function problem(text) {
    results.textContent = "";
    results.appendChild(element("p", "kfaq-problem", text));
    announce(text);
  }

  var pending = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (pending) { return; }
    var query = input.value.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").trim();
    if (!query) { problem(t.blank); input.focus(); return; }
    var params = new URLSearchParams({ q: query.slice(0, 500), k: "5" });
    var language = answerLanguage();
    if (language) { params.set("lang", language); }
    announce(t.searching);
    pending = true;
    send.setAttribute("aria-disabled", "true");
    fetch(apiBase + "/faq/" + encodeURIComponent(collection) + "/search?" + params.toString(), {
      credentials: "omit",
      mode: "cors",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 429) { throw new Error(t.tooMany); }
      if (!response.ok) { throw new Error(t.failed); }
      return response.json();
    }).then(function (data) {
      show(data, query);
    }).catch(function (error) {
      problem(error && error.message === t.tooMany ? t.tooMany : t.failed);
    }).then(function () {
      pending = false;
      send.removeAttribute("aria-disabled");
    });
  });

  function mount() {
    document.body.appendChild(launcher);
    document.body.appendChild(dialog);
  }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
