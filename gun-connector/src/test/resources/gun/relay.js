// A real gun.js relay for the integration tests: Gun({web}) on an ephemeral port, no multicast (so relays on one host
// do not peer by themselves). Prints "READY <port>" once listening.
// Usage: node relay.js [--storage memory-ack|radisk] [--file DIR] [--port N]
// memory-ack (default): no disk; a tiny storage adapter acks every applied key at once, so a put is acked as soon
// as HAM applied it (gun aggregates the per-key acks into one {'@': put id, ok}). radisk: gun's default disk storage,
// which acks after its batched write (slow and bursty, see gun-protocol.md §6).
var log = console.log; console.log = function(){};
var Gun = require('gun');
console.log = log;
var args = process.argv.slice(2), opt = {storage: 'memory-ack', file: null, port: 0};
for (var i = 0; i < args.length; i += 2) { opt[args[i].replace(/^--/, '')] = args[i + 1]; }
var memory = opt.storage === 'memory-ack';
if (memory) {
  Gun.on('create', function (root) {
    this.to.next(root);
    root.on('put', function (msg) {
      this.to.next(msg);
      root.on('in', {'@': msg['#'], ok: {'': 1}});
    });
  });
}
var server = require('http').createServer().listen(+opt.port, '127.0.0.1', function () {
  process.stdout.write('READY ' + server.address().port + '\n');
});
var gunOpt = {web: server, multicast: false, axe: false};
if (memory) { gunOpt.radisk = false; gunOpt.localStorage = false; } else { gunOpt.file = opt.file || 'radata'; }
Gun(gunOpt);
process.on('SIGTERM', function () { process.exit(0); });
