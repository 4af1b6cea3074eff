/* alliance-graph: what the graph page (view.html) and the timeline page (timeline.html) share: their data, dates
   as precisely as the data know them, the year slider, search over every name, the details panel and its source
   links. Every text is set with textContent; links are made only for http(s) addresses and site paths. */
var AG = (function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  function el(tag, text, cls) { var x = document.createElement(tag); if (text !== undefined && text !== null) { x.textContent = String(text); } if (cls) { x.className = cls; } return x; }
  function when(d) {  // "1993", "March 2004", "24 August 1949": as precisely as the data know it
    if (!d) { return ""; }
    var p = d.split("-");
    if (p.length === 1) { return p[0]; }
    if (p.length === 2) { return MONTHS[+p[1] - 1] + " " + p[0]; }
    return (+p[2]) + " " + MONTHS[+p[1] - 1] + " " + p[0];
  }
  function span(start, end) { return start || end ? (when(start) || "?") + " – " + (end ? when(end) : "present") : "dates not recorded"; }
  function yearOf(d) { return d ? parseInt(d.slice(0, 4), 10) : null; }
  function within(year, start, end) {  // had started and not ended in ``year`` (null: all time)
    return year === null || ((yearOf(start) === null || yearOf(start) <= year) && (yearOf(end) === null || yearOf(end) >= year));
  }
  function link(href, text) {
    if (!/^(https?:\/\/|\/)/i.test(href || "")) { return el("span", text); }
    var a = el("a", text); a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer"; return a;
  }
  function sourceList(catalogue, ids, box) {  // "Sources": each a link with its title, then its publisher
    box.appendChild(el("h3", "Sources"));
    if (!ids.length) { box.appendChild(el("p", "none recorded")); return; }
    var ul = el("ul");
    ids.forEach(function (id) {
      var s = catalogue[id] || {title: id, url: "", publisher: ""};
      var li = el("li");
      li.appendChild(s.url ? link(s.url, s.title || id) : el("span", s.title || id));
      if (s.publisher) { li.appendChild(document.createTextNode(" — " + s.publisher)); }
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }
  function find(items, text) {  // exact names first, then names starting with the text, then names holding it
    var q = text.trim().toLowerCase(), exact = [], prefix = [], inside = [];
    if (!q) { return []; }
    items.forEach(function (n) {
      var terms = n.search.map(function (s) { return s.toLowerCase(); });
      if (terms.indexOf(q) >= 0) { exact.push(n); }
      else if (terms.some(function (s) { return s.indexOf(q) === 0; })) { prefix.push(n); }
      else if (terms.some(function (s) { return s.indexOf(q) > 0; })) { inside.push(n); }
    });
    var rank = function (a, b) { return (!!b.focus - !!a.focus) || ((b.size || 0) - (a.size || 0)) || ((a.order || 0) - (b.order || 0)) || (a.id < b.id ? -1 : 1); };
    return exact.sort(rank).concat(prefix.sort(rank), inside.sort(rank));
  }
  function searchBox(items, describe, choose, status) {
    // #search finds items by any name and chooses the best; #matches lists the first eight to pick from.
    var search = document.getElementById("search"), matches = document.getElementById("matches");
    search.addEventListener("input", function () {
      var found = find(items, search.value);
      matches.textContent = "";
      found.slice(0, 8).forEach(function (n) {
        var li = el("li"), b = el("button", describe(n));
        b.type = "button"; b.addEventListener("click", function () { choose(n); matches.hidden = true; });
        li.appendChild(b); matches.appendChild(li);
      });
      matches.hidden = found.length === 0;
      if (found.length) { choose(found[0]); } else if (search.value.trim()) { status.textContent = "no match for “" + search.value.trim() + "”"; }
    });
    search.addEventListener("keydown", function (ev) { if (ev.key === "Escape" || ev.key === "Enter") { matches.hidden = true; } });
  }
  function yearSlider(range, change) {  // year by year over ``range``, its last stop "all time" (null)
    var slider = document.getElementById("year"), shown = document.getElementById("year-shown");
    if (!range) { document.getElementById("year-box").hidden = true; return; }
    slider.min = range[0]; slider.max = range[1] + 1; slider.value = range[1] + 1;
    slider.setAttribute("aria-valuetext", "all time");
    slider.addEventListener("input", function () {
      var v = parseInt(slider.value, 10), year = v > range[1] ? null : v;
      shown.textContent = year === null ? "all time" : String(year);
      slider.setAttribute("aria-valuetext", shown.textContent);
      change(year);
    });
  }
  function language(change) {  // #lang: en, nl, fr, de; the page's lang follows
    document.getElementById("lang").addEventListener("change", function (ev) {
      document.documentElement.lang = ev.target.value;
      change(ev.target.value);
    });
  }
  function names(item, lang) { return item.names[lang] || item.names.en; }  // {name, short} in lang, else English
  function panel() {  // the details panel; ``again`` redraws what it shows (in another language)
    var box = document.getElementById("panel"), details = document.getElementById("details"), last = null;
    document.getElementById("close").addEventListener("click", function () { box.hidden = true; });
    return {
      show: function (build) { last = build; details.textContent = ""; build(details); box.hidden = false; },
      again: function () { if (last && !box.hidden) { details.textContent = ""; last(details); } }
    };
  }
  return {data: JSON.parse(document.getElementById("view-data").textContent),  // the page's data, from the JSON above
          el: el, when: when, span: span, yearOf: yearOf, within: within, link: link, sourceList: sourceList,
          find: find, searchBox: searchBox, yearSlider: yearSlider, language: language, names: names, panel: panel};
})();
