// offline.html's unpacking: its engine and documents stand in the page gzip-compressed,
// 7 bits a character (src/output.rs writes them). Only offline.html carries this script,
// inlined after them, so the widget served over http does not carry its bytes.
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
})();
