/*
 * Saved Pixels tracker, served as /t.js.
 *
 * Plain ES5 with no dependencies. It runs on every page that carries a saved pixel,
 * so it must never throw into the host page: every entry point is wrapped in
 * try/catch and a failure only loses the event.
 *
 * Take-over: the `base` snippet defines `window.spx` as a stub that pushes its
 * argument lists onto `window.spx.q`. This file replaces the stub with the real
 * command function once (a second copy of t.js sees `spx.__spxTracker === true`
 * and does nothing; the stub must not set it), replays `spx.q` in order, and keeps
 * `spx.q.push` working for stubs that kept a reference to the old queue: after the
 * take-over a push runs the command at once. `spx.loaded` and `spx.version` say
 * which tracker runs. Commands other than "track" are ignored.
 *
 * Payload, as sent (known fields only, in this order):
 *   pixel_id        a non-empty string, else the call is ignored
 *   type            string (numbers and booleans stringified), at most 50 chars
 *   conversion_type string (likewise), at most 100 chars (the server keeps 50)
 *   revenue         see amount() below
 *   currency        string, trimmed and upper-cased
 *   properties      own enumerable keys (at most 50, each at most 100 chars) of a
 *                   plain object; values: strings (at most 1000 chars, the server
 *                   keeps 500 and warns), finite numbers, booleans. null,
 *                   undefined, objects, arrays, functions and NaN/Infinity are
 *                   dropped; a getter that throws drops only its own key.
 *   event_id        the payload's own event_id when it is 8-64 of [A-Za-z0-9_-]
 *                   (an order id, for deduplication), else a random UUID v4
 *   page_url, referrer (left out when empty), client_time (ISO 8601)
 * Empty optional values are left out.
 *
 * Sending: navigator.sendBeacon with a text/plain string body; when it is missing,
 * throws or returns false, fetch with keepalive (no-cors, text/plain); when fetch
 * is missing, throws or rejects, an image request to /collect.gif. The server
 * dedupes on event_id, so a fallback after a send that did arrive is harmless.
 *
 * CSP: no eval or inline code. A site with a policy allows the service's origin in
 * script-src (t.js), connect-src (/collect) and img-src (/collect.gif).
 */
// ES5 has no optional catch binding, so the tracker's many `catch (e) {}` must name
// an error they ignore on purpose.
/* eslint @typescript-eslint/no-unused-vars: ["error", { "caughtErrors": "none" }] */
(function (w, d) {
  "use strict";

  // The server replaces this literal with JSON.stringify(PUBLIC_BASE_URL) when it
  // serves the file; the method call keeps minifiers from folding it into the
  // strings below.
  var base = "__SPX_BASE_URL__".replace(/\/+$/, "");
  // An amount between at most three currency characters on either side.
  var AMOUNT =
    /^[A-Za-z$\u00a2-\u00a5\u0142\u0e3f\u20a0-\u20cf]{0,3}([\d.,]+)[A-Za-z$\u00a2-\u00a5\u0142\u0e3f\u20a0-\u20cf]{0,3}$/;
  var toStr = Object.prototype.toString;
  var hasOwn = Object.prototype.hasOwnProperty;
  var queue = [];
  var old, q, i;

  function isArray(v) {
    return toStr.call(v) === "[object Array]";
  }

  function isPlainObject(v) {
    return (
      v !== null && typeof v === "object" && toStr.call(v) === "[object Object]"
    );
  }

  function get(o, k) {
    try {
      return o[k];
    } catch (e) {
      return undefined;
    }
  }

  function cap(s, n) {
    return s.length > n ? s.slice(0, n) : s;
  }

  // A string, finite number or boolean as a string of at most n characters.
  function text(v, n) {
    var t = typeof v;
    if (t === "string") return cap(v, n);
    if ((t === "number" && isFinite(v)) || t === "boolean") return String(v);
  }

  /*
   * Revenue (the server keeps a number, or a plain decimal string, and drops the
   * rest with a warning):
   * 1. A number >= 0 and finite is sent as it is.
   * 2. A string loses all white space (including no-break and thin spaces) and
   *    apostrophes (' and U+2019, Swiss grouping). What is left must be an amount
   *    with at most three currency characters before and/or after it: A-Z, a-z, $,
   *    U+00A2-U+00A5 (cent, pound, yen), U+0142 ("zl"), U+0E3F (baht),
   *    U+20A0-U+20CF (euro, rupee, ruble...). So "EUR 12", "12 €", "R$ 1.234,56".
   * 3. The amount is digits with "." and "," separators. The last separator is the
   *    decimal point when it occurs only once, except a lone "," followed by
   *    exactly three digits (and not after a leading 0), which groups thousands.
   *    All other separators group thousands: a first group of 1-3 digits not
   *    starting with 0, then groups of exactly three, all the same character.
   *    "1,234.56" and "1.234,56" are 1234.56; "12,5" is 12.5; "0,500" is 0.5;
   *    "1,234" is 1234; "1.234.567" is 1234567; a lone "." is always decimal, as
   *    in JavaScript and on the server, so "1.234" is 1.234.
   * 4. Anything else that is not empty (negative or non-finite numbers, booleans,
   *    "-12", "1,23,456", "12.", "abc") is sent as a string of at most 100
   *    characters, for the server to drop with a warning the user can see.
   *    null, undefined, blank strings and objects are left out.
   */
  function amount(v) {
    var m, s, dot, comma, p, sep, whole, frac;
    if (typeof v === "number") return v >= 0 && v < 1 / 0 ? v : String(v);
    if (typeof v === "boolean") return String(v);
    if (typeof v !== "string") return undefined;
    m = v.replace(/[\s'\u2019]+/g, "").match(AMOUNT);
    if (m) {
      s = whole = m[1];
      frac = "0";
      dot = s.lastIndexOf(".");
      comma = s.lastIndexOf(",");
      p = dot > comma ? dot : comma;
      sep = s.charAt(p);
      if (
        p >= 0 &&
        s.indexOf(sep) === p &&
        !(sep === "," && dot < 0 && s.length - p === 4 && s.charAt(0) !== "0")
      ) {
        whole = s.slice(0, p);
        frac = s.slice(p + 1);
      }
      if (
        /^\d+$/.test(frac) &&
        (/^\d+$/.test(whole) ||
          /^[1-9]\d{0,2}([.,])\d{3}(\1\d{3})*$/.test(whole))
      ) {
        s = parseFloat(whole.replace(/[.,]/g, "") + "." + frac);
        if (s < 1 / 0) return s;
      }
    }
    return v.replace(/^\s+|\s+$/g, "") ? cap(v, 100) : undefined;
  }

  function props(p) {
    var out = Object.create(null);
    var n = 0;
    var keys, k, v, j;
    if (!isPlainObject(p)) return undefined;
    keys = Object.keys(p);
    for (j = 0; j < keys.length && n < 50; j++) {
      k = keys[j];
      v = get(p, k);
      if (typeof v === "string") v = cap(v, 1000);
      else if (typeof v === "number" ? !isFinite(v) : typeof v !== "boolean")
        continue;
      if (typeof k === "string" && k.length <= 100) {
        out[k] = v;
        n++;
      }
    }
    return n ? out : undefined;
  }

  function uuid() {
    var r = null;
    var s = "";
    var j, x;
    try {
      r = new Uint8Array(16);
      (w.crypto || w.msCrypto).getRandomValues(r);
    } catch (e) {
      r = null;
    }
    for (j = 0; j < 16; j++) {
      x = r ? r[j] : (Math.random() * 256) | 0;
      if (j === 6) x = (x & 15) | 64;
      if (j === 8) x = (x & 63) | 128;
      s +=
        (x < 16 ? "0" : "") +
        x.toString(16) +
        (j === 3 || j === 5 || j === 7 || j === 9 ? "-" : "");
    }
    return s;
  }

  function put(o, k, v) {
    if (v !== undefined && v !== "") o[k] = v;
  }

  function enc(v) {
    try {
      return encodeURIComponent(v);
    } catch (e) {
      return "";
    }
  }

  function image(e) {
    var parts = [];
    var k, j, p;
    for (k in e) {
      if (hasOwn.call(e, k)) {
        if (k === "properties") {
          p = e[k];
          for (j in p) parts.push(enc("prop." + j) + "=" + enc(p[j]));
        } else {
          parts.push(k + "=" + enc(e[k]));
        }
      }
    }
    try {
      new w.Image(1, 1).src = base + "/collect.gif?" + parts.join("&");
    } catch (x) {
      // nothing left to try
    }
  }

  function send(e) {
    var body = JSON.stringify(e);
    var url = base + "/collect";
    var req;
    try {
      if (w.navigator.sendBeacon(url, body)) return;
    } catch (x) {
      // no sendBeacon, or it refused: try fetch
    }
    try {
      req = w.fetch(url, {
        method: "POST",
        body: body,
        keepalive: true,
        mode: "no-cors",
        headers: { "Content-Type": "text/plain" },
      });
    } catch (x) {
      return image(e);
    }
    try {
      req.then(null, function () {
        image(e);
      });
    } catch (x) {
      // not a promise: the request was made
    }
  }

  function track(p) {
    var e, v;
    if (!isPlainObject(p)) return;
    v = get(p, "pixel_id");
    if (typeof v !== "string" || !v) return;
    e = { pixel_id: cap(v, 100) };
    put(e, "type", text(get(p, "type"), 50));
    put(e, "conversion_type", text(get(p, "conversion_type"), 100));
    put(e, "revenue", amount(get(p, "revenue")));
    v = text(get(p, "currency"), 20);
    put(e, "currency", v && v.replace(/^\s+|\s+$/g, "").toUpperCase());
    try {
      put(e, "properties", props(get(p, "properties")));
    } catch (x) {
      // a hostile properties object: send the event without them
    }
    v = get(p, "event_id");
    e.event_id = typeof v === "string" && /^[\w-]{8,64}$/.test(v) ? v : uuid();
    put(e, "page_url", cap(String(w.location.href), 2048));
    put(e, "referrer", cap(String(d.referrer), 2048));
    e.client_time = new Date().toISOString();
    send(e);
  }

  function run(a) {
    try {
      if (a && a[0] === "track") track(a[1]);
    } catch (e) {
      // never into the page
    }
  }

  function spx() {
    try {
      queue.push(arguments);
    } catch (e) {
      // never into the page
    }
  }

  try {
    old = w.spx;
    if (old && old.__spxTracker === true) return;
    q = old && (isArray(old) ? old : old.q);
    if (isArray(q)) queue = q;
    spx.q = queue;
    spx.loaded = true;
    spx.version = "1";
    spx.__spxTracker = true;
    w.spx = spx;
    // Calls made while draining (a getter calling spx) join the end of the queue.
    for (i = 0; i < queue.length; i++) run(queue[i]);
    queue.length = 0;
    queue.push = function (a) {
      run(a);
      return 0;
    };
  } catch (e) {
    // never into the page
  }
})(window, document);
