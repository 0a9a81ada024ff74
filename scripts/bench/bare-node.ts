// A second baseline for the record (issue 17 analysis): Node's http server answering 200 on the webhook path with
// no framework, to show what express itself costs per request. Not part of the target (which is bare express).
import http from 'node:http';

const body = Buffer.from(JSON.stringify({ status: 'accepted' }));
const server = http.createServer((req, res) => {
  if (req.url === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
