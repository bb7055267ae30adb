// The API client. Stateless: every app may bundle its own copy.
export const API_ORIGIN = 'http://127.0.0.1:3900';

async function request(path, init) {
  const response = await fetch(API_ORIGIN + path, init);
  if (!response.ok) {
    throw new Error(`${init?.method ?? 'GET'} ${path} failed: ${response.status} ${response.statusText}`);
  }
  return response.json();
}

export const api = {
  me: () => request('/api/user/me'),
  products: () => request('/api/products'),
  product: (id) => request(`/api/products/${id}`),
  recommendations: () => request('/api/recommendations'),
  orders: () => request('/api/orders'),
  checkout: (items) =>
    request('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    }),
};
