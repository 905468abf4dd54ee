// A real gun.js relay (the node relay users run today), for side-by-side comparisons and bridge tests.
// usage: NODE_PATH=gun-js/node_modules node gun-relay.js <port> <data dir>   -> prints {"ev":"ready","port":N}
console.log = function(){};
var Gun = require('gun');
var port = +process.argv[2], dir = process.argv[3];
var server = require('http').createServer(Gun.serve).listen(port, '127.0.0.1', function(){
  process.stdout.write(JSON.stringify({ev: 'ready', port: server.address().port}) + '\n');
});
Gun({web: server, file: dir, multicast: false, axe: false});
process.stdin.on('end', function(){ process.exit(0) });
process.stdin.resume();
