// Generates js-numbers.json / js-strings.json: what V8's JSON.stringify prints for doubles and strings.
const fs = require("fs");
const out = []; let seed = 42;
const r = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const specials = [0, -0, 1, -1, 0.1, 0.2, 0.30000000000000004, 1e21, 1e-7, 1e-6, 123456789012345680000, 1e20, 1.5e300,
  5e-324, 1.7976931348623157e308, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 9007199254740993, 1699999900001.001, 1699999900001.0015,
  0.000001, 0.0000001234, 100, 1e100, 123e-20, -1.5e-9, 9.5e18, 9.2e18, 999999999999999900000];
const buf = new DataView(new ArrayBuffer(8));
const bits = x => { buf.setFloat64(0, x); return buf.getBigUint64(0).toString(); };
for (const x of specials) out.push(x);
for (let i = 0; i < 3000; i++) {
  let x;
  if (i % 3 == 0) x = (r() - 0.5) * Math.pow(10, Math.floor(r() * 40 - 20));
  else if (i % 3 == 1) x = Math.round((r() - 0.5) * 1e6) / Math.pow(10, Math.floor(r() * 8));
  else { buf.setUint32(0, Math.floor(r() * 4294967296)); buf.setUint32(4, Math.floor(r() * 4294967296)); x = buf.getFloat64(0); if (!isFinite(x)) continue; }
  out.push(x);
}
fs.writeFileSync("js-numbers.json", JSON.stringify(out.map(x => ({ bits: bits(x), js: JSON.stringify(x) }))));
const strs = ["a", "\u0000\u001f", "\"\\/", "\b\f\n\r\t", "é日本😀", "\ud800", "\udc00x", "\u2028\u2029", "\u007f", "\ud83d\ude00\ud83d"];
fs.writeFileSync("js-strings.json", JSON.stringify(strs.map(s => ({ codeUnits: [...Array(s.length).keys()].map(i => s.charCodeAt(i)), js: JSON.stringify(s) }))));
