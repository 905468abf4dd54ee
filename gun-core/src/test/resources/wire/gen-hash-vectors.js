// Generates hash-vectors.json: random puts serialised and hashed by the real gun@0.2020.1241.
// Usage: NODE_PATH=<dir with gun installed> node gen-hash-vectors.js > hash-vectors.json
// node flavour: gun/lib/yson (what gun.js on Node uses for JSON.stringifyAsync) + String.hash (src/shim.js);
// v8 flavour: JSON.stringify with mesh.js's sort replacer, as gun.js in a browser hashes.
require('gun/lib/yson'); require('gun/src/shim');
var seed = 20261125;
function rnd(){ seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
function pick(a){ return a[Math.floor(rnd() * a.length)] }
var names = ['a', 'b', 'Alice', 'alice/address', 'Z', '_x', 'x_', '0', '1', '7', '10', '01', '-1', '1.5', '4294967294',
  '4294967295', '\u00e9t\u00e9', '\ud83d\ude00', '~pubkey.abc', '#hash', 'a b', 'quo"te', 'back\\slash', 'new\nline',
  'tab\t', '\u2028', 'zz', 'AA', 'key' + '\u0000'];
var strings = ['', 'Alice', 'Paris', 'with "quotes"', 'back\\slash', 'ctl\u0001\u001f', '\ud800', 'lone\udc00low',
  '\ud83d\ude00 emoji', '\u00e9', '\u2028\u2029', '<script>', '1', 'true', 'null', 'x'.repeat(40)];
var numbers = [0, -0, 1, -1, 30, 1.5, 0.1, 1e21, 1e-7, 123456789.123, 5e-324, 1.7976931348623157e308,
  9007199254740993, 2147483648, -2147483649, 1795609883363, 1795609883363.5];
function value(){
  switch(Math.floor(rnd() * 6)){
    case 0: return null; case 1: return rnd() < 0.5;
    case 2: return pick(numbers); case 3: return {'#': pick(names)};
    default: return pick(strings);
  }
}
function put(){
  var g = {}, n = 1 + Math.floor(rnd() * 3);
  for(var i = 0; i < n; i++){
    var soul = pick(names), node = {_: {'#': soul, '>': {}}}, k = 1 + Math.floor(rnd() * 5);
    for(var j = 0; j < k; j++){ var key = pick(names); if(key === '_'){ continue }
      node._['>'][key] = pick([1795609883363, 1700000000000.5, 0, -5, 1e21, 1]); node[key] = value() }
    g[soul] = node;
  }
  return g;
}
function sort(k, v){ var tmp; if(!(v instanceof Object)){ return v }
  Object.keys(v).sort().forEach(function(k){ this.to[k] = this.on[k] }, {to: tmp = {}, on: v}); return tmp }
var cases = [], N = 300;
(function next(i){
  if(i >= N){ process.stdout.write(JSON.stringify({gun_version: require('gun/package.json').version, cases: cases}, null, 1) + '\n'); return }
  var p = put();
  JSON.stringifyAsync(p, function(err, text){
    var v8 = JSON.stringify(p, sort);
    cases.push({put: JSON.stringify(p), node_text: text, node_hash: String.hash(text), v8_text: v8, v8_hash: String.hash(v8)});
    next(i + 1);
  }, sort);
}(0));
