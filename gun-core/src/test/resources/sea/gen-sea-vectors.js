// Generates sea-vectors.json: SEA signatures and ~pub / content-hash / alias writes produced and judged by REAL gun.js.
//
// Usage (repo root, after `cd gun-js && npm ci`):
//   node gun-core/src/test/resources/sea/gen-sea-vectors.js
// Writes gun-core/src/test/resources/sea/sea-vectors.json (not stdout: SEA logs its errors with console.log).
//
// How the expectations are obtained (nothing is hand-judged):
// * "wire": two node gun clients (gun.user() create/auth, then put) connected to an in-process relay
//   Gun({web}); every put message the relay receives is recorded verbatim as parsed from the WebSocket frame.
// * verdicts: each case is sent as a raw WebSocket frame {"#": id, "put": {soul: node}} to a second, fresh relay;
//   "accepted" = the relay's graph took the value, "rejected" = gun answered {'@', err}, "dropped" = neither
//   within the wait (gun swallowed it). Each case gets a fresh graph for its soul, so HAM never interferes.
// * standalone signatures: SEA.sign / SEA.verify, once with gun's node JSON (YSON, sorted keys) and once with
//   plain JSON.stringify (what a browser peer without lib/yson uses).
var path = require('path'), fs = require('fs'), http = require('http'), crypto = require('crypto');
var ROOT = path.resolve(__dirname, '../../../../..');
var log = console.log; console.log = function(){};
var Gun = require(path.join(ROOT, 'gun-js/node_modules/gun'));
require(path.join(ROOT, 'gun-js/node_modules/gun/sea'));
var WebSocket = require(path.join(ROOT, 'gun-js/node_modules/ws'));
var SEA = Gun.SEA;
var OUT = path.join(__dirname, 'sea-vectors.json');
var TMP = fs.mkdtempSync(path.join(require('os').tmpdir(), 'gen-sea-'));

var wire = [], errs = [];
Gun.on('opt', function(at){
  this.to.next(at);
  if(!at.opt.capture || at.captureHooked){ return }
  at.captureHooked = 1;
  at.on('in', function(msg){
    if(msg.put && !msg['@'] && at.opt.capture === 'wire'){ wire.push(JSON.parse(JSON.stringify(msg.put))) }
    if(msg['@'] && msg.err){ errs.push({at: String(msg['@']), err: String(msg.err)}) }
    this.to.next(msg);
  });
});

function relayOn(mode){
  var server = http.createServer().listen(0);
  var gun = Gun({web: server, file: path.join(TMP, 'relay-' + mode), multicast: false, axe: false, capture: mode});
  return {server: server, gun: gun, url: function(){ return 'http://127.0.0.1:' + server.address().port + '/gun' }};
}
function sleep(ms){ return new Promise(function(r){ setTimeout(r, ms) }) }
function b64(buf){ return Buffer.from(buf).toString('base64') }
function sha256b64(text){ return crypto.createHash('sha256').update(text, 'utf8').digest('base64') }

(async function main(){
  // ---------- phase 1: real user writes as they reach a relay ----------
  var relay1 = relayOn('wire');
  await sleep(200);
  var alice = Gun({peers: [relay1.url()], file: path.join(TMP, 'alice'), multicast: false, axe: false});
  var bob = Gun({peers: [relay1.url()], file: path.join(TMP, 'bob'), multicast: false, axe: false});
  await sleep(500);
  var au = alice.user();
  await new Promise(function(res){ au.create('alice-sea-vectors', 'correct horse battery', function(ack){ res(ack) }) });
  await new Promise(function(res){ au.auth('alice-sea-vectors', 'correct horse battery', function(ack){ res(ack) }) });
  var alicePair = au._.sea;
  var bobPair = await SEA.pair(), mallory = await SEA.pair();
  var bu = bob.user();
  await new Promise(function(res){ bu.auth(bobPair, function(ack){ res(ack) }) });
  await sleep(300);
  au.get('name').put('Alice');
  au.get('age').put(30);
  au.get('ratio').put(1.5);
  au.get('tiny').put(-0.000001);
  au.get('huge').put(1e21);
  au.get('flag').put(true);
  au.get('gone').put(null);
  au.get('quote').put('she said "hi"\n\ttab \u0001 ünï©ødé 😀');
  au.get('lone').put('a\ud800b');
  au.get('ключ "q"').put('unicode key');
  au.get('profile').put({bio: 'likes gun', since: 2020});
  await sleep(800);
  // a certificate: alice allows bob to write under her 'inbox'
  var cert = await SEA.certify(bobPair.pub, {'*': 'inbox'}, alicePair);
  bob.get('~' + alicePair.pub).get('inbox').get('from-bob').put('hello alice', null, {opt: {cert: cert}});
  // content addressing, as gun's docs show it
  var data = 'hello content addressing';
  var hash = await SEA.work(data, null, null, {name: 'SHA-256'});
  alice.get('#').get(hash).put(data);
  await sleep(1500);

  // ---------- phase 2: verdicts from a fresh relay for every case ----------
  var relay2 = relayOn('judge');
  await sleep(200);
  var ws = new WebSocket(relay2.url().replace('http', 'ws'));
  await new Promise(function(r){ ws.on('open', r) });
  var seq = 0;
  async function judge(soul, key, val, state){
    delete relay2.gun._.graph[soul];
    var id = 'v' + (++seq) + 'x' + Date.now().toString(36), node = {_: {'#': soul, '>': {}}};
    node._['>'][key] = state; node[key] = val;
    var put = {}; put[soul] = node;
    ws.send(JSON.stringify({'#': id, put: put}));
    for(var i = 0; i < 150; i++){
      await sleep(20);
      var e = errs.find(function(x){ return x.at.indexOf(id) === 0 });
      if(e){ return {verdict: 'rejected', err: e.err} }
      var n = relay2.gun._.graph[soul];
      if(n && Object.prototype.hasOwnProperty.call(n, key) && JSON.stringify(n[key]) === JSON.stringify(val)){ return {verdict: 'accepted'} }
    }
    return {verdict: 'dropped'};
  }
  var cases = [];
  async function add(name, soul, key, val, state, note){
    var j = await judge(soul, key, val, state);
    var c = {name: name, soul: soul, key: key, value: val, state: state, gun: j.verdict};
    if(j.err){ c.gun_err = j.err }
    if(note){ c.note = note }
    cases.push(c);
    return c;
  }

  // every key/value that really reached the relay
  var seen = {}, real = [];
  wire.forEach(function(put){
    Object.keys(put).forEach(function(soul){ var node = put[soul];
      Object.keys(node).forEach(function(key){ if('_' === key){ return }
        var id = soul + '\u0000' + key + '\u0000' + JSON.stringify(node[key]);
        if(seen[id]){ return } seen[id] = 1;
        real.push({soul: soul, key: key, value: node[key], state: node._['>'][key]});
      });
    });
  });
  for(var i = 0; i < real.length; i++){ var r = real[i];
    await add('wire#' + i + ' ' + r.soul.slice(0, 12) + ' ' + r.key, r.soul, r.key, r.value, r.state, 'as received by a relay from a real gun client');
  }

  var aSoul = '~' + alicePair.pub, bSoul = '~' + bobPair.pub;
  var nameOnWire = real.find(function(r){ return r.soul === aSoul && r.key === 'name' && 'string' == typeof r.value && r.value.indexOf('"~"') > 0 });
  var env = JSON.parse(nameOnWire.value), st = nameOnWire.state;
  function envelope(value, sig, extra){ var o = {':': value, '~': sig}; Object.assign(o, extra || {}); return JSON.stringify(o) }
  async function signPut(soul, key, value, state, pair){
    var r = await SEA.sign({'#': soul, '.': key, ':': value, '>': state}, pair, null, {raw: 1});
    return r.s;
  }
  var sigBytes = Buffer.from(env['~'], 'base64');
  var flipped = Buffer.from(sigBytes); flipped[10] ^= 0x01;
  // ECDSA malleability: (r, n - s) verifies too under WebCrypto (no low-s rule)
  var N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
  var sBig = BigInt('0x' + sigBytes.slice(32).toString('hex'));
  var malleated = Buffer.concat([sigBytes.slice(0, 32), Buffer.from((N - sBig).toString(16).padStart(64, '0'), 'hex')]);

  await add('signed/tampered value', aSoul, 'name', envelope('Alicf', env['~']), st);
  await add('signed/tampered state', aSoul, 'name', nameOnWire.value, st - 1);
  await add('signed/moved to another key', aSoul, 'nick', nameOnWire.value, st);
  await add('signed/moved to another pub soul', bSoul, 'name', nameOnWire.value, st);
  await add('signed/moved to a sub-soul of the same pub', aSoul + '/profile', 'name', nameOnWire.value, st);
  await add('signed/flipped signature bit', aSoul, 'name', envelope('Alice', b64(flipped)), st);
  await add('signed/malleated signature (r, n-s)', aSoul, 'name', envelope('Alice', b64(malleated)), st);
  await add('signed/signature without base64 padding', aSoul, 'name', envelope('Alice', env['~'].replace(/=+$/, '')), st);
  await add('signed/signature with whitespace', aSoul, 'name', envelope('Alice', env['~'].slice(0, 20) + ' \n' + env['~'].slice(20)), st);
  var urlSig; do { urlSig = await signPut(aSoul, 'url', 'u', st, alicePair) } while(!/[+\/]/.test(urlSig));
  await add('signed/standard base64 (control for base64url)', aSoul, 'url', envelope('u', urlSig), st);
  await add('signed/signature in base64url', aSoul, 'url', envelope('u', urlSig.replace(/\+/g, '-').replace(/\//g, '_')), st);
  await add('signed/signature not base64', aSoul, 'name', envelope('Alice', 'not base64 at all!'), st);
  await add('signed/signature truncated', aSoul, 'name', envelope('Alice', b64(sigBytes.slice(0, 63))), st);
  await add('signed/signature is a number', aSoul, 'name', envelope('Alice', 12345), st);
  await add('signed/signature empty', aSoul, 'name', envelope('Alice', ''), st);
  await add('signed/unsigned plain string', aSoul, 'name', 'Alice', st);
  await add('signed/unsigned number', aSoul, 'age', 30, st);
  await add('signed/unsigned link', aSoul, 'friend', {'#': 'somewhere'}, st);
  await add('signed/unsigned null', aSoul, 'name', null, st);
  await add('signed/envelope without ~', aSoul, 'name', JSON.stringify({':': 'Alice'}), st);
  await add('signed/envelope is bad JSON', aSoul, 'name', '{":":"Alice","~":', st);
  await add('signed/envelope with SEA prefix', aSoul, 'name', 'SEA' + nameOnWire.value, st);
  await add('signed/envelope keys reordered and spaced', aSoul, 'name', '{ "~" : ' + JSON.stringify(env['~']) + ' , ":" : "Alice" }', st);
  await add('signed/envelope with duplicate ":" (last wins)', aSoul, 'name', '{":":"Mallory",":":"Alice","~":' + JSON.stringify(env['~']) + '}', st);
  await add('signed/signed by another key (mallory)', aSoul, 'name', envelope('Mallory', await signPut(aSoul, 'name', 'Mallory', st, mallory)), st);
  await add('signed/by mallory with * = mallory pub and no certificate', aSoul, 'name', envelope('Mallory', await signPut(aSoul, 'name', 'Mallory', st, mallory), {'*': mallory.pub}), st, 'gun.js verifies with the writer pub * and only checks a certificate when + is present');
  await add('signed/owner signed, * empty string', aSoul, 'extra', envelope('x', await signPut(aSoul, 'extra', 'x', st, alicePair), {'*': ''}), st);
  await add('signed/owner signed, + without *', aSoul, 'extra', envelope('x', await signPut(aSoul, 'extra', 'x', st, alicePair), {'+': {m: 'anything', s: 'x'}}), st);
  await add('signed/state 0', aSoul, 'zero', envelope('z', await signPut(aSoul, 'zero', 'z', 0, alicePair)), 0);
  await add('signed/fractional state', aSoul, 'frac', envelope('f', await signPut(aSoul, 'frac', 'f', 1600000000000.0012, alicePair)), 1600000000000.0012);
  await add('signed/link value', aSoul, 'link', envelope({'#': aSoul + '/x'}, await signPut(aSoul, 'link', {'#': aSoul + '/x'}, st, alicePair)), st);
  await add('signed/array value (not a gun value inside)', aSoul, 'arr', envelope([1, 'two', null], await signPut(aSoul, 'arr', [1, 'two', null], st, alicePair)), st);
  // object inside ':' whose keys are not sorted: node gun signs sorted (YSON), a browser signs in insertion order
  var obj = {zeta: 1, alpha: {y: 2, x: 1}, '10': 'ten', '2': 'two'};
  var sortedSig = await signPut(aSoul, 'obj', obj, st, alicePair);
  var ysonStr = JSON.stringifyAsync;
  JSON.stringifyAsync = function(v, cb, r, s){ try{ cb(undefined, JSON.stringify(v, r, s)) }catch(e){ cb(e) } };
  var v8Sig = await signPut(aSoul, 'obj', obj, st, alicePair);
  JSON.stringifyAsync = ysonStr;
  await add('signed/object value signed by node gun (sorted keys)', aSoul, 'obj', envelope(obj, sortedSig), st);
  await add('signed/object value signed by a browser (JSON.stringify order)', aSoul, 'obj', envelope(obj, v8Sig), st, 'a node relay (YSON) hashes sorted keys; a browser hashes JSON.stringify order');

  // 'pub' key on the account soul
  await add('pub/equal to soul pub', aSoul, 'pub', alicePair.pub, st);
  await add('pub/other pub', aSoul, 'pub', bobPair.pub, st);
  await add('pub/signed envelope', aSoul, 'pub', envelope(alicePair.pub, await signPut(aSoul, 'pub', alicePair.pub, st, alicePair)), st);
  await add('pub/on a sub-soul needs a signature', aSoul + '/profile', 'pub', alicePair.pub, st);

  // malformed pub souls
  var xy = alicePair.pub.split('.');
  var yBytes = Buffer.from(xy[1], 'base64'); yBytes[31] ^= 0x01;
  var offCurve = xy[0] + '.' + yBytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  await add('pubsoul/point not on curve', '~' + offCurve, 'name', envelope('Alice', await signPut('~' + offCurve, 'name', 'Alice', st, alicePair)), st);
  await add('pubsoul/short coordinates', '~abc.def', 'name', envelope('Alice', env['~']), st);
  await add('pubsoul/pub embedded after a prefix', 'app~' + alicePair.pub + '/posts', 'title', envelope('t', await signPut('app~' + alicePair.pub + '/posts', 'title', 't', st, alicePair)), st);
  await add('pubsoul/colon separator', '~' + xy[0] + ':' + xy[1], 'name', envelope('c', await signPut('~' + xy[0] + ':' + xy[1], 'name', 'c', st, alicePair)), st);

  // content addressing
  var h = sha256b64(data);
  await add('hash/base64 key', '#', h, data, st);
  await add('hash/hex key', '#', crypto.createHash('sha256').update(data).digest('hex'), data, st);
  await add('hash/upper-case hex key', '#', crypto.createHash('sha256').update(data).digest('hex').toUpperCase(), data, st);
  await add('hash/mismatch', '#', h, data + '!', st);
  await add('hash/hash of JSON-quoted string', '#', sha256b64(JSON.stringify(data)), data, st);
  await add('hash/number value', '#', sha256b64('42'), 42, st);
  await add('hash/null value', '#', sha256b64('null'), null, st);
  await add('hash/link value', '#', sha256b64('{"#":"abc"}'), {'#': 'abc'}, st);
  await add('hash/lone surrogate string', '#', await SEA.work('x\udc00y', null, null, {name: 'SHA-256'}), 'x\udc00y', st);
  await add('hash/prefixed soul, key part after last #', 'posts#', 'title#' + h, data, st);
  await add('hash/prefixed soul, key without #', 'posts#', h, data, st);
  await add('hash/key with wrong part after last #', 'posts#', h + '#x', data, st);

  // alias lists
  var aliasReal = real.find(function(r){ return r.soul.indexOf('~@') === 0 });
  await add('alias/~@alias -> pub link', '~@alice-sea-vectors', aSoul, {'#': aSoul}, st);
  await add('alias/~@alias link mismatch', '~@alice-sea-vectors', aSoul, {'#': bSoul}, st);
  await add('alias/~@alias null', '~@alice-sea-vectors', aSoul, null, st);
  await add('alias/~@alias string', '~@alice-sea-vectors', aSoul, aSoul, st);
  await add('alias/~@ root self link', '~@', 'alice', {'#': '~@alice'}, st);
  await add('alias/~@ root mismatch', '~@', 'alice', {'#': '~@bob'}, st);
  await add('alias/~@ root false', '~@', 'alice', false, st);

  // plain souls
  await add('any/plain soul string', 'plain', 'k', 'v', st);
  await add('any/plain soul looks signed', 'plain', 'k', nameOnWire.value, st);

  // ---------- standalone SEA.sign / SEA.verify ----------
  var sigs = [];
  async function sigCase(name, wireText, pub, note){
    var ok = (await SEA.verify(wireText, pub)) !== undefined;
    var c = {name: name, wire: wireText, pub: pub, gun: ok}; if(note){ c.note = note }
    sigs.push(c);
  }
  var inputs = [['string', 'hello'], ['json-looking string', '{"b":1,"a":2}'], ['object', {b: 1, a: 'x', '1': true}],
    ['number', 12.5], ['unicode string', 'ünï©ødé 😀 "q"'], ['lone surrogate string', 'a\ud800b'], ['nested', {z: [1, {y: null, x: 'é'}], a: -0.5}]];
  for(var k = 0; k < 2; k++){
    var mode = k? 'json' : 'yson';
    if(k){ JSON.stringifyAsync = function(v, cb, r, s){ try{ cb(undefined, JSON.stringify(v, r, s)) }catch(e){ cb(e) } } }
    for(var n = 0; n < inputs.length; n++){
      var w = await SEA.sign(inputs[n][1], alicePair);
      await sigCase(mode + '/' + inputs[n][0], w, alicePair.pub);
    }
    JSON.stringifyAsync = ysonStr;
  }
  var good = await SEA.sign('hello', alicePair), gp = JSON.parse(good.slice(3));
  var gsig = Buffer.from(gp.s, 'base64'); gsig[5] ^= 0x80;
  await sigCase('tamper/message', 'SEA' + JSON.stringify({m: 'hellp', s: gp.s}), alicePair.pub);
  await sigCase('tamper/signature', 'SEA' + JSON.stringify({m: 'hello', s: b64(gsig)}), alicePair.pub);
  await sigCase('tamper/wrong pub', good, bobPair.pub);
  await sigCase('tamper/bad JSON', 'SEA{"m":"hello","s":', alicePair.pub);
  await sigCase('format/without SEA prefix', JSON.stringify(gp), alicePair.pub);
  await sigCase('format/no s', 'SEA' + JSON.stringify({m: 'hello'}), alicePair.pub);
  await sigCase('format/bad base64', 'SEA' + JSON.stringify({m: 'hello', s: '!!!!'}), alicePair.pub);
  await sigCase('format/malformed pub', good, 'abc.def');
  await sigCase('format/pub not on curve', good, offCurve);
  // legacy fallback: SEA.verify also accepts a signature over SHA-256(JSON.parse(m)) (old SEA data)
  var legacyKey = await crypto.webcrypto.subtle.importKey('jwk', {kty: 'EC', crv: 'P-256', x: xy[0], y: xy[1], d: alicePair.priv, ext: true}, {name: 'ECDSA', namedCurve: 'P-256'}, false, ['sign']);
  var legacyHash = crypto.createHash('sha256').update('legacy').digest();
  var legacySig = await crypto.webcrypto.subtle.sign({name: 'ECDSA', hash: 'SHA-256'}, legacyKey, legacyHash);
  await sigCase('legacy/signature over parsed m', 'SEA' + JSON.stringify({m: '"legacy"', s: b64(legacySig)}), alicePair.pub, 'SEA.opt.fallback path in sea.js');

  var outDoc = {
    generator: 'gun-core/src/test/resources/sea/gen-sea-vectors.js',
    gun_version: require(path.join(ROOT, 'gun-js/node_modules/gun/package.json')).version,
    webcrypto_version: require(path.join(ROOT, 'gun-js/node_modules/@peculiar/webcrypto/package.json')).version,
    node_version: process.version,
    pubs: {alice: alicePair.pub, bob: bobPair.pub, mallory: mallory.pub},
    cert_for_bob: cert,
    puts: cases,
    signatures: sigs
  };
  fs.writeFileSync(OUT, JSON.stringify(outDoc, null, 1) + '\n');
  log('wrote ' + OUT + ': ' + cases.length + ' put cases (' + real.length + ' from the wire), ' + sigs.length + ' signature cases');
  fs.rmSync(TMP, {recursive: true, force: true});
  process.exit(0);
}()).catch(function(e){ log(e && e.stack || e); process.exit(1) });
