#!/usr/bin/env node
// The shop's API: a tiny in-memory server on 127.0.0.1 that counts the requests it receives per
// route ("GET /api/user/me"), so cache sharing and invalidation are measured, not assumed.
//
//   node api/server.js [--port 3900]
//
// Control routes (not counted): GET /__counts, POST /__reset.
'use strict';
const http = require('node:http');

const PORT = Number(process.argv[process.argv.indexOf('--port') + 1]) || Number(process.env.API_PORT) || 3900;

function initialState() {
  return {
    user: { id: 'u-1', name: 'Ada', points: 0 },
    products: [
      { id: 'p-1', name: 'Espresso cup', price: 8, stock: 5, description: 'Porcelain, 80 ml.' },
      { id: 'p-2', name: 'Moka pot', price: 35, stock: 3, description: 'Aluminium, 6 cups.' },
      { id: 'p-3', name: 'Coffee grinder', price: 60, stock: 2, description: 'Conical burrs.' },
      // Its details endpoint fails: the catalog's details view throws, the host's boundary answers.
      { id: 'p-4', name: 'Mystery box', price: 20, stock: 9, description: null },
    ],
    orders: [],
  };
}

let state = initialState();
let counts = {};

function send(res, status, body) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
  });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      try {
        resolve(data ? JSON.parse(data) : {});
      } catch (error) {
        reject(error);
      }
    });
  });
}

async function route(req, res) {
  const path = new URL(req.url, 'http://127.0.0.1').pathname;
  if (req.method === 'OPTIONS') return send(res, 204);
  if (path === '/__counts') return send(res, 200, counts);
  if (path === '/__reset' && req.method === 'POST') {
    state = initialState();
    counts = {};
    return send(res, 200, { ok: true });
  }
  const key = `${req.method} ${path}`;
  counts[key] = (counts[key] ?? 0) + 1;

  if (key === 'GET /api/user/me') return send(res, 200, state.user);
  if (key === 'GET /api/products') return send(res, 200, state.products.map(({ description, ...rest }) => rest));
  if (key === 'GET /api/recommendations') return send(res, 200, state.products.filter((p) => ['p-2', 'p-3'].includes(p.id)));
  if (key === 'GET /api/orders') return send(res, 200, state.orders);
  const product = path.match(/^\/api\/products\/([\w-]+)$/);
  if (product && req.method === 'GET') {
    const found = state.products.find((p) => p.id === product[1]);
    if (!found) return send(res, 404, { error: 'not found' });
    if (found.description === null) return send(res, 500, { error: 'inventory service unavailable' });
    return send(res, 200, found);
  }
  if (key === 'POST /api/orders') {
    const { items = [] } = await readJson(req);
    let total = 0;
    for (const { id, qty } of items) {
      const found = state.products.find((p) => p.id === id);
      if (!found || found.stock < qty) return send(res, 409, { error: `not enough stock for ${id}` });
    }
    for (const { id, qty } of items) {
      const found = state.products.find((p) => p.id === id);
      found.stock -= qty;
      total += found.price * qty;
    }
    state.user.points += Math.round(total);
    const order = { id: `o-${state.orders.length + 1}`, items, total };
    state.orders.push(order);
    return send(res, 201, order);
  }
  return send(res, 404, { error: `no route ${key}` });
}

const server = http.createServer((req, res) => {
  route(req, res).catch((error) => send(res, 400, { error: String(error) }));
});
server.listen(PORT, '127.0.0.1', () => console.log(`shop api on http://127.0.0.1:${PORT}`));
module.exports = server;
