// izdeu reader pages: highlights the words a search result matched and scrolls to the
// first of them. The result link says which words (`?izdeu-hl=word+other+of_a_phrase`,
// the words as they stand in the text, a phrase's joined by _) and which page
// (`#page-3`, a section's id). Include it on any page a result links to (a site's own
// pages too):
//   <script src=".../izdeu-reader.js" defer></script>
(function () {
  'use strict';

  var param = new URLSearchParams(location.search).get('izdeu-hl');
  if (!param) return;
  var words = param.split(/\s+/).map(function (w) { return w.trim(); }).filter(function (w) { return w.length > 0; });
  if (!words.length) return;
  words.sort(function (a, b) { return b.length - a.length; }); // the longest first

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

  // Whole words only, case-insensitive; the words of a phrase (joined by _ or a space)
  // stand apart by any run of white space.
  var pattern = words.map(function (w) { return escapeRegExp(w).replace(/[ _]/g, '\\s+'); }).join('|');
  var matcher;
  try {
    matcher = new RegExp('(?<![\\p{L}\\p{N}])(?:' + pattern + ')(?![\\p{L}\\p{N}])', 'giu');
  } catch (error) {
    matcher = new RegExp('(?:' + pattern + ')', 'gi'); // no lookbehind in this browser
  }

  var SKIP = { SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEXTAREA: 1, MARK: 1, TEMPLATE: 1 };

  // Wraps every match in the text nodes under `root` in <mark>: the text is split into
  // nodes, never parsed as HTML.
  function highlight(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var p = node.parentNode; p && p !== root; p = p.parentNode) {
          if (SKIP[p.nodeName]) return NodeFilter.FILTER_REJECT;
        }
        return node.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var marks = [];
    nodes.forEach(function (node) {
      var text = node.data;
      matcher.lastIndex = 0;
      var match;
      var ranges = [];
      while ((match = matcher.exec(text)) !== null) {
        if (match[0].length === 0) { matcher.lastIndex++; continue; }
        ranges.push([match.index, match.index + match[0].length]);
      }
      // From the end, so earlier offsets stay valid.
      for (var i = ranges.length - 1; i >= 0; i--) {
        var middle = node.splitText(ranges[i][0]);
        middle.splitText(ranges[i][1] - ranges[i][0]);
        var mark = document.createElement('mark');
        mark.className = 'izdeu-highlight';
        middle.parentNode.replaceChild(mark, middle);
        mark.appendChild(middle);
        marks.unshift(mark);
      }
    });
    return marks;
  }

  function target() {
    // Without a Text Fragment directive (`#page-3:~:text=…`) some browsers leave in place.
    var id = decodeURIComponent(location.hash.slice(1).split(':~:')[0]);
    return (id && document.getElementById(id)) || null;
  }

  function run() {
    var root = document.querySelector('main') || document.body;
    var marks = highlight(root);
    if (!marks.length) return;
    var section = target();
    var first = marks[0];
    if (section) {
      for (var i = 0; i < marks.length; i++) {
        if (section.contains(marks[i])) { first = marks[i]; break; }
      }
    }
    first.classList.add('izdeu-highlight-first');
    // After the browser's own scroll to the fragment (#page-N, or a text directive),
    // which comes once the page has loaded and would leave a word far into a long page
    // out of view.
    whenLoaded(function () {
      first.scrollIntoView({ block: 'center' });
      document.documentElement.setAttribute('data-izdeu-highlighted', String(marks.length));
    });
  }

  function whenLoaded(then) {
    var later = function () { setTimeout(then, 0); };
    if (document.readyState === 'complete') later();
    else window.addEventListener('load', later);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
})();
