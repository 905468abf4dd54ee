// A real gun.js client driven by JSON commands on stdin; reports JSON events on stdout, one per line.
// usage: NODE_PATH=gun-js/node_modules node gun-client.js <peer url, e.g. http://127.0.0.1:8765/gun>
// commands: {op:'put'|'set', id, path:[..], value} {op:'on'|'once'|'map', id, path} {op:'graph', id}
//           {op:'offline'} {op:'online'} {op:'exit'}
// events:   {ev:'ack', id, err, ok} {ev:'on'|'once'|'map', id, key, data} {ev:'graph', id, graph} {ev:'hi'|'bye'}
var out = function(o){ process.stdout.write(JSON.stringify(o) + '\n') };
console.log = function(){}; // gun greets on stdout; stdout is ours
var Gun = require('gun');
var url = process.argv[2];
var gun = Gun({peers: [url], radisk: false, localStorage: false, file: false, multicast: false, axe: false});
var root = gun._;
root.on('hi', function(peer){ this.to.next(peer); out({ev: 'hi', url: peer.url}) });
root.on('bye', function(peer){ this.to.next(peer); out({ev: 'bye', url: peer.url}) });
function chain(path){ var c = gun; (path || []).forEach(function(k){ c = c.get(k) }); return c }
function clean(d){ return d === undefined ? null : JSON.parse(JSON.stringify(d)) }
var offlinePeer;
var handlers = {
  put: function(c){ chain(c.path).put(c.value, function(ack){ out({ev: 'ack', id: c.id, err: ack.err || null, ok: ack.ok || null}) }) },
  set: function(c){ chain(c.path).set(c.value, function(ack){ out({ev: 'ack', id: c.id, err: ack.err || null, ok: ack.ok || null}) }) },
  on: function(c){ chain(c.path).on(function(data, key){ out({ev: 'on', id: c.id, key: key, data: clean(data)}) }) },
  once: function(c){ chain(c.path).once(function(data, key){ out({ev: 'once', id: c.id, key: key, data: clean(data)}) }, {wait: c.wait || 2000}) },
  map: function(c){ chain(c.path).map().on(function(data, key){ out({ev: 'map', id: c.id, key: key, data: clean(data)}) }) },
  graph: function(c){ out({ev: 'graph', id: c.id, graph: clean(root.graph)}) },
  offline: function(c){
    var peers = root.opt.peers; offlinePeer = peers[url]; delete peers[url];
    if(offlinePeer && offlinePeer.wire){ offlinePeer.wire.close() }
    out({ev: 'offline', id: c.id});
  },
  online: function(c){ // reconnect the same peer object, as gun's own reconnect timer would
    var p = offlinePeer || {url: url, id: url}; delete p.wire;
    root.opt.peers[url] = p; root.opt.mesh.hi(p);
    out({ev: 'online', id: c.id});
  },
  exit: function(){ process.exit(0) }
};
require('readline').createInterface({input: process.stdin}).on('line', function(line){
  if(!line.trim()){ return }
  var c; try { c = JSON.parse(line) } catch(e){ out({ev: 'error', error: 'bad command: ' + line}); return }
  try { handlers[c.op](c) } catch(e){ out({ev: 'error', id: c.id, error: String(e && e.stack || e)}) }
});
process.stdin.on('end', function(){ process.exit(0) });
out({ev: 'started', url: url});
