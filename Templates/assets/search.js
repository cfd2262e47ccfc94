// The search page: reads the index (data-search-index) when first needed; finds releases whose
// title, tags, summary or words hold every query word, case and accents ignored; title matches
// first, then newest. Every text it shows comes from the page's data-* attributes.
(function () {
  "use strict";
  var root = document.querySelector("[data-search-index]");
  if (!root || !window.fetch || !"".normalize) return;
  var input = root.querySelector("input[type=search]");
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var limit = 50;
  var entries = null, loading = null, timer = 0, shown = "", dates;
  try {
    dates = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "long", timeZone: "UTC" });
  } catch (error) {}
  root.querySelector("[data-search-fallback]").hidden = true;

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }
  function say(name, values) {
    return (root.getAttribute("data-" + name) || "").replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }
  function load() {
    if (loading) return loading;
    loading = fetch(root.getAttribute("data-search-index")).then(function (response) {
      if (!response.ok) throw response.status;
      return response.json();
    }).then(function (index) {
      entries = index.releases.map(function (release) {
        return { release: release, title: fold(release.title),
                 rest: fold([release.tags.join(" "), release.summary, release.text].join(" ")) };
      });
    });
    loading.catch(function () { loading = null; }); // the next query tries again
    return loading;
  }
  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }
  function result(release) {
    var card = element("article", "card"), text = element("div", "card__text");
    var meta = element("p", "card__meta"), time = element("time", "", release.date);
    time.dateTime = release.date;
    if (dates) time.textContent = dates.format(new Date(release.date + "T00:00:00Z"));
    meta.append(time);
    var title = element("h2", "card__title"), link = element("a", "", release.title);
    link.href = release.url;
    title.append(link);
    text.append(meta, title);
    if (release.summary) text.append(element("p", "card__summary", release.summary));
    card.append(text);
    var item = element("li");
    item.append(card);
    return item;
  }
  function show(query) {
    var words = fold(query).split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
    list.textContent = "";
    list.hidden = !words.length;
    if (!words.length) { status.textContent = ""; return; }
    var found = [];
    entries.forEach(function (entry) {
      var inTitle = 0;
      for (var i = 0; i < words.length; i++) {
        if (entry.title.indexOf(words[i]) >= 0) inTitle++;
        else if (entry.rest.indexOf(words[i]) < 0) return;
      }
      found.push([inTitle, entry.release]);
    });
    found.sort(function (a, b) { return b[0] - a[0]; }); // stable: newest first among equals
    found.slice(0, limit).forEach(function (match) { list.append(result(match[1])); });
    var values = { count: found.length, shown: limit, query: query.trim() };
    var message = say(found.length === 0 ? "none" : found.length === 1 ? "one" : "many", values);
    status.textContent = found.length > limit ? message + " " + say("more", values) : message;
  }
  function update() {
    var query = input.value;
    if (query === shown && entries) return;
    history.replaceState(null, "", query.trim() ? "?q=" + encodeURIComponent(query) : location.pathname);
    if (!query.trim()) { shown = query; show(""); return; }
    if (!entries) status.textContent = say("loading", {});
    load().then(function () {
      shown = input.value;
      show(shown);
    }, function () { status.textContent = say("error", {}); });
  }
  function clear() { input.value = ""; update(); input.focus(); }

  input.addEventListener("focus", function () { load().catch(function () {}); });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 150); });
  root.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });
  root.addEventListener("keydown", function (event) {
    var all = Array.from(list.querySelectorAll("a")), at = all.indexOf(document.activeElement);
    if (event.key === "Escape" && (input.value || at >= 0)) {
      event.preventDefault();
      clear();
    } else if (event.key === "ArrowDown" && at + 1 < all.length && (at >= 0 || event.target === input)) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    }
  });
  var query = new URLSearchParams(location.search).get("q");
  if (query) { input.value = query; update(); }
})();
