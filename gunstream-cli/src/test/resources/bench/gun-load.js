// Load driver for GunToPostgresLatencyBench: one real gun.js client writing device state to devices/<client>-d<n>,
// driven by JSON commands on stdin, reporting JSON events on stdout (one per line).
// usage: NODE_PATH=gun-js/node_modules node gun-load.js <peer url> <client name>
// command: {op:'run', id, devices, rate, seconds, inflight}
//   rate > 0: that many puts/s (paced every 5 ms, catching up on the schedule); rate 0: as fast as the relay acks,
//   at most `inflight` puts without an ack. Each put is a whole device node: t (issue time, epoch microseconds, strictly
//   increasing in this process, so (soul, t) names one row version), seq, temp, online, name.
// event:   {ev:'done', id, sent, acked, errs, errors:[up to 3 distinct err texts], lost, firstSendUs, lastSendUs, ackMs:[put → ack of every acked put, ms]}
// command: {op:'exit'}
var out = function(o){ process.stdout.write(JSON.stringify(o) + '\n') };
console.log = function(){}; // gun greets on stdout; stdout is ours
var Gun = require('gun');
var url = process.argv[2], client = process.argv[3];
var gun = Gun({peers: [url], radisk: false, localStorage: false, file: false, multicast: false, axe: false});
gun._.on('hi', function(peer){ this.to.next(peer); out({ev: 'hi', url: peer.url}) });
var { performance } = require('perf_hooks');
var lastUs = 0, seq = 0;
// the same clock as PostgreSQL's clock_timestamp() (CLOCK_REALTIME at process start, then monotonic)
function nowUs(){ var us = Math.round((performance.timeOrigin + performance.now()) * 1000); lastUs = us > lastUs ? us : lastUs + 1; return lastUs }

function run(c){
  var sent = 0, acked = 0, errs = 0, lost = 0, inflight = {}, open = 0, ackMs = [], errors = [], firstSendUs = null, lastSendUs = null;
  var begin = performance.now(), endAt = begin + c.seconds * 1000, finished = false;
  function putOne(){
    var n = sent++, t = nowUs(), d = n % c.devices, mine = ++seq;
    if(firstSendUs === null){ firstSendUs = t } lastSendUs = t;
    var issued = performance.now();
    inflight[mine] = issued; open++;
    gun.get('devices/' + client + '-d' + d).put({t: t, seq: mine, temp: 15 + (mine % 200) / 10, online: mine % 2 === 0,
      name: client + ' device ' + d}, function(ack){
      if(inflight[mine] === undefined){ return } // gun.js may call back more than once
      delete inflight[mine]; open--;
      if(ack.err){ errs++; if(errors.length < 3 && errors.indexOf(String(ack.err)) < 0){ errors.push(String(ack.err)) } } else { acked++; ackMs.push(performance.now() - issued) }
      if(c.rate === 0){ pump() }
    });
  }
  function pump(){
    if(finished){ return }
    var now = performance.now();
    if(now >= endAt){ finish(); return }
    if(c.rate > 0){
      var due = Math.floor((now - begin) / 1000 * c.rate) - sent;
      while(due-- > 0){ putOne() }
    } else {
      while(open < c.inflight){ putOne() }
    }
  }
  function finish(){
    finished = true; clearInterval(timer);
    // give the last puts their acks (or declare them lost) before reporting
    var waitUntil = performance.now() + 10000;
    var drain = setInterval(function(){
      if(open > 0 && performance.now() < waitUntil){ return }
      clearInterval(drain);
      lost += open;
      out({ev: 'done', id: c.id, sent: sent, acked: acked, errs: errs, lost: lost, firstSendUs: firstSendUs, lastSendUs: lastSendUs,
        errors: errors, ackMs: ackMs.map(function(ms){ return Math.round(ms * 10) / 10 })});
    }, 20);
  }
  var timer = setInterval(function(){
    var now = performance.now();
    // an ack gun.js dropped must not hold its slot for ever: free it after 10 s, counted as lost at the end
    if(c.rate === 0){ for(var k in inflight){ if(now - inflight[k] > 10000){ delete inflight[k]; open--; lost++ } } }
    pump();
  }, 5);
  pump();
}

require('readline').createInterface({input: process.stdin}).on('line', function(line){
  if(!line.trim()){ return }
  var c; try { c = JSON.parse(line) } catch(e){ out({ev: 'error', error: 'bad command: ' + line}); return }
  try {
    if(c.op === 'run'){ run(c) } else if(c.op === 'exit'){ process.exit(0) } else { out({ev: 'error', id: c.id, error: 'unknown op ' + c.op}) }
  } catch(e){ out({ev: 'error', id: c.id, error: String(e && e.stack || e)}) }
});
process.stdin.on('end', function(){ process.exit(0) });
out({ev: 'started', url: url});
