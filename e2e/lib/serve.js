'use strict';
// Static file servers on 127.0.0.1, one per port. Which directory a port serves can be switched
// between variants (and set to null: connection refused), so the ports stay fixed across variants.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.css': 'text/css' };

class StaticPort {
  constructor(port) {
    this.port = port;
    this.dir = null;
    this.server = null;
  }

  // Serve `dir` (or stop serving, when dir is null). Resolves once the port is listening/closed.
  async serve(dir) {
    this.dir = dir;
    if (dir && !this.server) {
      this.server = http.createServer((req, res) => this.handle(req, res));
      await new Promise((resolve, reject) => {
        this.server.once('error', reject);
        this.server.listen(this.port, '127.0.0.1', resolve);
      });
    } else if (!dir && this.server) {
      const server = this.server;
      this.server = null;
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  handle(req, res) {
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...headers, 'access-control-allow-headers': '*' });
      return res.end();
    }
    const pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    const file = path.join(this.dir, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(this.dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, headers);
      return res.end('not found');
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  }
}

module.exports = { StaticPort };
