// offline.html's own part of the widget: the unpacking of its engine and documents, which
// stand in the page gzip-compressed, 7 bits a character (src/output.rs writes them), and
// the reader that shows a result's document in the page. Only offline.html carries this
// script, inlined after them, so the widget served over http does not carry its bytes.
(function () {
  'use strict';
  var offline = window.IZDEU_OFFLINE;
  if (!offline) return;

  // Undoes `base122` of src/output.rs: 7 bits a character, most significant first; a
  // character from U+0100 is an escaped group (one of BASE122_ESCAPED) paired with the
  // next group, or from U+0400 an escaped group alone at the end.
  var BASE122_ESCAPED = [0, 10, 13, 34, 92, 60];
  function decodeBase122(text) {
    var out = new Uint8Array(Math.ceil(text.length * 14 / 8));
    var length = 0, bits = 0, count = 0;
    function push(group) {
      bits = (bits << 7 | group) & 0x7fff;
      count += 7;
      if (count >= 8) { count -= 8; out[length++] = bits >> count; }
    }
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c < 0x80) { push(c); continue; }
      var k = (c - 0x100) >> 7, next = c & 0x7f;
      if (c < 0x100 || k > 6 || (k === 6 && next > 5)) throw new Error('character ' + c.toString(16) + ' is not base-122');
      if (k < 6) { push(BASE122_ESCAPED[k]); push(next); } else push(BASE122_ESCAPED[next]);
    }
    return out.subarray(0, length);
  }

  function gunzip(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
  }

  // The bytes of the payload `text`, or an error that says which part of offline.html
  // (`what`) is damaged, or that this browser cannot unpack it.
  offline.unpack = function (text, what) {
    if (typeof DecompressionStream === 'undefined') {
      return Promise.reject(new Error('this browser cannot unpack offline.html (no DecompressionStream): open it in a current Chrome, Edge, Firefox or Safari'));
    }
    var damaged = function (reason) {
      return new Error('offline.html is damaged: ' + what + ' cannot be unpacked (' + reason + '); copy it again, or build it again with `izdeu build`');
    };
    var bytes;
    try { bytes = decodeBase122(text); } catch (error) { return Promise.reject(damaged(error.message)); }
    return gunzip(bytes).catch(function () { throw damaged('damaged gzip data'); });
  };

  var READER_STYLE = [
    '.reader { display: block; margin: .75em 0 0; border-top: 1px solid var(--border); outline: none; }',
    '.reader h2 { font-size: 1.3em; margin: .5em 0; }',
    '.reader h3, .reader h4 { font-size: .9em; color: var(--muted); margin: 1em 0 .25em; border-top: 1px solid var(--border); padding-top: .5em; }',
    '.reader .part { font-size: 1.1em; color: inherit; }',
    '.reader .part + h4 { border-top: 0; margin-top: 0; padding-top: 0; }',
    '.reader nav a { color: var(--accent); }',
    '.reader p { margin: .5em 0; overflow-wrap: anywhere; }',
    '.reader a.back { color: var(--accent); }'
  ].join('\n');

  // The reader of offline.html, which carries no reader pages: a result opens its document
  // in `widget` (an <izdeu-search>), below the results in `box`; `el` makes its elements.
  // Returns what the widget calls: open() (from the location's hash), close(), and
  // link(hit, words), a result's link here.
  offline.reader = function (widget, box, el) {
    var reader = el('article', 'reader');
    // Whether the results had their More button when the reader hid them.
    var moreShown = false;
    reader.id = 'izdeu-reader';
    reader.tabIndex = -1;
    reader.hidden = true;
    box.parentNode.appendChild(el('style', null, READER_STYLE));
    box.appendChild(reader);
    window.addEventListener('hashchange', open);
    // Opening the same result again changes no hash: show it all the same.
    widget._list.addEventListener('click', function (event) {
      var link = event.target.closest && event.target.closest('a[href^="#izdeu-read="]');
      if (link && link.getAttribute('href') === location.hash) { event.preventDefault(); open(); }
    });

    // Paragraphs of extracted text, as the reader pages show them: split at blank lines
    // where a sentence may end or the next block does not begin in lowercase (double-spaced
    // text puts every line in a block of its own), lines re-flowed, words hyphenated across
    // line ends joined, a number keeping its hyphen (213-\nбабы).
    function paragraphs(text) {
      var out = [];
      var paragraph = '';
      text.split('\n\n').forEach(function (block) {
        var lines = block.split('\n').map(function (l) { return l.trim(); }).filter(Boolean);
        if (!lines.length) return;
        if (paragraph && (/[.!?:;]$/.test(paragraph) || !/^[«"“(]*\p{Lowercase}/u.test(lines[0]))) { out.push(paragraph); paragraph = ''; }
        lines.forEach(function (line) {
          if (/\p{L}-$/u.test(paragraph) && /^\p{L}/u.test(line)) paragraph = paragraph.slice(0, -1);
          else if (!(/[\p{L}\p{N}]-$/u.test(paragraph) && /^[\p{L}\p{N}]/u.test(line)) && paragraph) paragraph += ' ';
          paragraph += line;
        });
      });
      if (paragraph) out.push(paragraph);
      return out;
    }

    // Wraps whole-word, case-insensitive matches of `words` in the text under `root` in
    // <mark>, splitting text nodes (never parsing HTML). Returns the marks.
    function highlight(root, words) {
      words = words.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
      if (!words.length) return [];
      var pattern = words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[ _]/g, '\\s+'); }).join('|');
      var matcher = new RegExp('(?<![\\p{L}\\p{N}])(?:' + pattern + ')(?![\\p{L}\\p{N}])', 'giu');
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      var marks = [];
      nodes.forEach(function (node) {
        var ranges = [];
        var match;
        matcher.lastIndex = 0;
        while ((match = matcher.exec(node.data)) !== null) ranges.push([match.index, match.index + match[0].length]);
        for (var i = ranges.length - 1; i >= 0; i--) {
          var middle = node.splitText(ranges[i][0]);
          middle.splitText(ranges[i][1] - ranges[i][0]);
          var mark = document.createElement('mark');
          middle.parentNode.replaceChild(mark, middle);
          mark.appendChild(middle);
          marks.unshift(mark);
        }
      });
      return marks;
    }

    // `#izdeu-read=PATH&at=ANCHOR&hl=WORDS` shows that document in the widget, at that
    // unit, with those words marked.
    function open() {
      var params = new URLSearchParams(location.hash.slice(1));
      var path = params.get('izdeu-read');
      if (!path) { close(); return; }
      widget._engine.then(function (engine) { return engine.units(path); }).then(function (units) {
        reader.textContent = '';
        var back = el('a', 'back', '← ' + widget._t.listbox);
        back.href = '#';
        reader.appendChild(el('p')).appendChild(back);
        reader.appendChild(el('h2', null, widget._docs[path] || path));
        // A document of several parts opens with their contents, as its reader page does.
        var parts = units.filter(function (unit) { return unit.part; });
        if (parts.length) {
          var contents = reader.appendChild(el('nav')).appendChild(el('ol'));
          contents.parentNode.setAttribute('aria-label', widget._t.contents);
          parts.forEach(function (unit) {
            var link = contents.appendChild(el('li')).appendChild(el('a', null, unit.part));
            link.href = '#' + new URLSearchParams({ 'izdeu-read': path, at: unit.anchor });
          });
        }
        var target = null;
        units.forEach(function (unit) {
          var section = el('section');
          if (unit.anchor) section.id = unit.anchor;
          if (unit.part) section.appendChild(el('h3', 'part', unit.part));
          section.appendChild(el(parts.length ? 'h4' : 'h3', null, (unit.kind === 'section' ? widget._t.section : widget._t.page) + ' ' + unit.page));
          paragraphs(unit.text).forEach(function (p) { section.appendChild(el('p', null, p)); });
          reader.appendChild(section);
          if (unit.anchor && unit.anchor === params.get('at')) target = section;
        });
        var marks = highlight(target || reader, (params.get('hl') || '').split(' '));
        if (reader.hidden) moreShown = !widget._more.hidden;
        reader.hidden = false;
        widget._list.hidden = true;
        widget._more.hidden = true;
        widget._filtersBox.hidden = true;
        reader.focus({ preventScroll: true });
        // A marked word is shown in its context; a page (from the contents) from its top.
        if (marks[0]) marks[0].scrollIntoView({ block: 'center' }); else (target || reader).scrollIntoView();
      }, function (error) { widget._showError(error); });
    }

    function close() {
      if (reader.hidden) return;
      reader.hidden = true;
      reader.textContent = '';
      widget._list.hidden = widget._options().length === 0;
      widget._more.hidden = !moreShown;
      widget._filtersBox.hidden = widget._filtersBox.childNodes.length === 0;
    }

    function link(hit, words) {
      var read = new URLSearchParams();
      read.set('izdeu-read', hit.doc);
      var fragment = hit.url.indexOf('#');
      if (fragment >= 0) read.set('at', decodeURIComponent(hit.url.slice(fragment + 1)));
      if (words.length) read.set('hl', words.join(' '));
      return '#' + read.toString();
    }

    return { open: open, close: close, link: link };
  };
})();
