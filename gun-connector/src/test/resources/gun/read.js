// A real gun.js client that reads nodes and exits: node read.js <relay url> <soul> [<soul> ...]
// Prints one JSON object {soul: node or null}; a node is gun's {_: {'#', '>': states}, key: value}.
var log = console.log; console.log = function(){};
var Gun = require('gun');
console.log = log;
var url = process.argv[2], souls = process.argv.slice(3), out = {}, left = souls.length;
// A client needs a storage to get its puts acked; a throw-away radisk folder, removed on exit.
var dir = require('path').join(require('os').tmpdir(), 'gunstream-client-' + process.pid);
process.on('exit', function () { require('fs').rmSync(dir, {recursive: true, force: true}); });
var gun = Gun({peers: [url], multicast: false, axe: false, file: dir});
function done() { process.stdout.write(JSON.stringify(out) + '\n'); process.exit(0); }
souls.forEach(function (soul) {
  gun.get(soul).once(function (data) {
    if (out.hasOwnProperty(soul)) { return; }
    out[soul] = data === undefined ? null : data;
    if (--left === 0) { done(); }
  }, {wait: 1500});
});
setTimeout(function () { souls.forEach(function (s) { if (!out.hasOwnProperty(s)) { out[s] = null; } }); done(); }, 8000);
