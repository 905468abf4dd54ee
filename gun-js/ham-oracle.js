// HAM oracle for gunstream's differential test: real gun.js merges delta sequences, one JSON line per case.
//
// stdin:  one JSON case per line {"machine": ms, "steps": [{"put": graph, "id"?: msgId} | {"clock": ms}]}
// stdout: one JSON line per case {"graph": root.graph (with _ and >), "errs": [msg.err per put or null]}
//
// Each case runs on a fresh Gun({localStorage:false, radisk:false, file:false}) (core gun/gun, no peers or
// storage) and injects puts with root.on('in', {'#': id, put}) exactly as vectors/gen/merge.js does. The
// machine clock (+new Date seen by gun's State()) is mocked: it starts at `machine` and moves on {clock}
// steps. Deferred writes (ham()'s setTimeout for states ahead of the clock) are captured instead of waiting
// real time, and all of them are fired, in the order they were deferred, right after each {clock} step; ham()
// re-defers those still in the future. One process serves every case: starting node per case is too slow.
'use strict';
var RealDate = Date, NOW = 0;
class FakeDate extends RealDate {
  constructor(...a){ if(a.length === 0){ super(NOW) } else { super(...a) } }
  static now(){ return NOW }
}
global.Date = FakeDate;

var realSetTimeout = global.setTimeout, parked = [];
function parkingSetTimeout(fn, ms){
  if('function' == typeof fn && /ham\(/.test(String(fn))){ parked.push(fn); return 0 }
  return realSetTimeout.apply(this, arguments);
}
Object.keys(realSetTimeout).forEach(function(k){ parkingSetTimeout[k] = realSetTimeout[k] });
global.setTimeout = parkingSetTimeout;

var log = console.log; console.log = function(){};
var Gun = require('gun/gun');
console.log = log;

// gun continues long puts (> 9 keys) in setTimeout.turn; let that queue drain before the next step.
function settle(){
  return new Promise(function(resolve){
    (function check(){
      if((setTimeout.turn.s || []).length){ setImmediate(check) } else { setImmediate(resolve) }
    }());
  });
}

async function run(c){
  NOW = c.machine; parked = [];
  var gun = Gun({localStorage: false, radisk: false, file: false});
  var root = gun._.root, errs = [], n = 0;
  for(var st of c.steps){
    n++;
    if(st.clock !== undefined){
      NOW = st.clock;
      var due = parked; parked = [];
      due.forEach(function(fn){ fn() });
      await settle();
      continue;
    }
    var msg = {'#': st.id || ('s' + n + 'x'), put: st.put};
    root.on('in', msg);
    await settle();
    errs.push(msg.err || null);
  }
  parked = [];
  return {graph: root.graph, errs: errs};
}

var lines = require('readline').createInterface({input: process.stdin, crlfDelay: Infinity});
var queue = Promise.resolve();
lines.on('line', function(line){
  if(!line.trim()){ return }
  queue = queue.then(async function(){
    var out;
    try { out = await run(JSON.parse(line)) } catch(e){ out = {fatal: String(e && e.stack || e)} }
    process.stdout.write(JSON.stringify(out) + '\n');
  });
});
lines.on('close', function(){ queue.then(function(){ process.exit(0) }) });
