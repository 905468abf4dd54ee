// A real gun.js client that writes and exits: node write.js <relay url> '<json: [[soul, data], ...]>'
// Each [soul, data] is gun.get(soul).put(data) (nested objects become linked nodes, as in any gun app). Prints
// "WROTE <n>" once every put was acked by the relay, or "TIMEOUT" after 10 s (the test then reads back anyway).
var log = console.log; console.log = function(){};
var Gun = require('gun');
console.log = log;
var url = process.argv[2], puts = JSON.parse(process.argv[3]), left = puts.length;
// A client needs a storage to get its puts acked; a throw-away radisk folder, removed on exit.
var dir = require('path').join(require('os').tmpdir(), 'gunstream-client-' + process.pid);
process.on('exit', function () { require('fs').rmSync(dir, {recursive: true, force: true}); });
var gun = Gun({peers: [url], multicast: false, axe: false, file: dir});
puts.forEach(function (p) {
  gun.get(p[0]).put(p[1], function (ack) {
    if (ack.err) { process.stdout.write('ERR ' + ack.err + '\n'); process.exit(2); }
    if (--left === 0) { process.stdout.write('WROTE ' + puts.length + '\n'); setTimeout(function () { process.exit(0); }, 100); }
  });
});
setTimeout(function () { process.stdout.write('TIMEOUT\n'); process.exit(1); }, 10000);
