'use strict';
// The scripted user session, the same for every variant of the shop: each step is a user-visible
// check ("behaviour") that holds or not. A twin's failure shows up as behaviours that do not hold
// (and as console errors, instance counts and request counts), never as a skipped step.
// How long a step waits for what it expects. Once the page has failed to boot, the remaining steps
// still run and are recorded, with a short wait.
let WAIT = Number(process.env.E2E_STEP_TIMEOUT ?? 4000);

const tid = (page, id) => page.getByTestId(id);
const hasText = (page, id, text) => tid(page, id).filter({ hasText: text }).first().waitFor({ timeout: WAIT });
const click = (page, id) => tid(page, id).first().click({ timeout: WAIT });
const visible = (page, selectorOrId) =>
  (selectorOrId.startsWith('[') ? page.locator(selectorOrId) : tid(page, selectorOrId)).first().waitFor({ timeout: WAIT });

class Behaviours {
  constructor(log) {
    this.list = [];
    this.log = log;
  }

  async check(name, fn) {
    let ok = true;
    let detail;
    try {
      const result = await fn();
      if (result === false) ok = false;
    } catch (error) {
      ok = false;
      detail = String(error.message ?? error).split('\n')[0];
    }
    this.list.push(detail ? { name, ok, detail } : { name, ok });
    this.log(`    ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// ctx: { flavour: 'mf2' | 'classic', ports, openPage(), serve(role), api, network }
async function shopSession(ctx) {
  const mf2 = ctx.flavour === 'mf2';
  const b = new Behaviours(ctx.log);
  const host = `http://127.0.0.1:${ctx.ports.host}/`;

  // Part 1, one tab; the recs remote is down (both of its manifest domains).
  WAIT = Number(process.env.E2E_STEP_TIMEOUT ?? 4000);
  const page1 = await ctx.openPage();
  await page1.goto(host);

  await b.check('boot', async () => {
    await hasText(page1, 'header-user', 'Ada');
    await visible(page1, 'product-p-1');
    await visible(page1, 'cart-drawer');
  });
  if (!b.list[0].ok) WAIT = 1000;
  if (mf2) {
    await b.check('remote-retry-second-domain', async () => {
      await visible(page1, 'cart-drawer');
      const cdn = `http://127.0.0.1:${ctx.ports.cartCdn}/mf-manifest.json`;
      const origin = `http://127.0.0.1:${ctx.ports.cart}/mf-manifest.json`;
      assert(ctx.network.failed.some((r) => r.url === cdn), `no failed request to ${cdn}`);
      assert(ctx.network.ok.includes(origin), `no successful request to ${origin}`);
    });
  }
  await b.check('remote-outage-fallback', async () => {
    // MF 2: the errorLoadRemote placeholder. Classic: only the error boundary can answer.
    await visible(page1, mf2 ? '[data-testid="remote-unavailable"][data-remote="recs/Recommendations"]' : 'boundary-recs');
    await visible(page1, 'product-p-1');
  });
  await b.check('user-query-shared', async () => {
    await hasText(page1, 'header-user', 'Ada');
    await hasText(page1, 'catalog-greeting', 'Hello Ada');
    const count = (await ctx.api.counts())['GET /api/user/me'];
    assert(count === 1, `GET /api/user/me was requested ${count} times by host and catalog`);
  });
  await b.check('cart-sync-remote-to-host', async () => {
    await click(page1, 'add-p-1');
    await hasText(page1, 'catalog-in-cart', 'In your cart: 1');
    await hasText(page1, 'header-cart', 'Cart (1)');
  });
  await b.check('cart-sync-host-to-remote', async () => {
    await click(page1, 'header-clear-cart');
    await hasText(page1, 'header-cart', 'Cart (0)');
    await hasText(page1, 'catalog-in-cart', 'In your cart: 0');
  });
  await b.check('redux-injected-store', async () => {
    await tid(page1, 'currency-switch').selectOption('USD', { timeout: WAIT });
    await hasText(page1, 'header-currency', 'Prices in USD');
    await hasText(page1, 'price-p-1', '10.00 USD');
  });
  await b.check('cart-open-signal', async () => {
    await click(page1, 'buy-p-2');
    await visible(page1, '[data-testid="cart-drawer"][data-open="true"]');
    await hasText(page1, 'cart-qty-p-2', '×1');
    await hasText(page1, 'header-cart', 'Cart (1)');
  });
  await b.check('listener-cleanup-after-remount', async () => {
    await click(page1, 'nav-orders');
    await visible(page1, 'orders');
    await click(page1, 'nav-shop');
    await click(page1, 'buy-p-2');
    await hasText(page1, 'cart-qty-p-2', '×');
    await page1.waitForTimeout(300);
    const qty = await tid(page1, 'cart-qty-p-2').first().textContent();
    assert(qty === '×2', `one "Buy now" after a remount left quantity ${qty} (expected ×2)`);
  });

  // Part 2, a second tab; the recs remote is back.
  if (mf2) await ctx.serve('recs');
  const page2 = await ctx.openPage();
  await page2.goto(host);
  if (mf2) {
    await b.check('remote-recovered', async () => {
      await hasText(page2, 'recs', 'Moka pot');
    });
  }
  await b.check('multi-tab-cart-sync', async () => {
    const count = async (page) => Number((await tid(page, 'header-cart').textContent({ timeout: WAIT })).match(/\d+/)[0]);
    const before = await count(page1);
    await hasText(page2, 'header-cart', `Cart (${before})`);
    await page1.bringToFront();
    await click(page1, 'add-p-1');
    await hasText(page1, 'header-cart', `Cart (${before + 1})`);
    await hasText(page2, 'header-cart', `Cart (${before + 1})`);
  });
  await b.check('cross-app-invalidation', async () => {
    // Both tabs hold the pre-purchase stock before the purchase.
    await hasText(page1, 'stock-p-2', '3 in stock');
    await hasText(page2, 'stock-p-2', '3 in stock');
    await click(page1, 'header-cart');
    // The cart's isolated QueryClient refetched itself; the host's (catalog) and the other tab's
    // caches learn about the purchase only from the BroadcastChannel message.
    const bought = Number((await tid(page1, 'cart-qty-p-2').textContent({ timeout: WAIT })).slice(1));
    await click(page1, 'checkout');
    await visible(page1, 'checkout-done');
    await hasText(page1, 'stock-p-2', `${3 - bought} in stock`);
    await hasText(page2, 'stock-p-2', `${3 - bought} in stock`);
  });
  await b.check('remote-error-contained', async () => {
    await page1.bringToFront();
    await click(page1, 'details-p-4');
    await hasText(page1, 'boundary-catalog', 'GET /api/products/p-4 failed: 500');
    await hasText(page1, 'header-user', 'Ada');
    await click(page1, 'boundary-catalog-retry');
    await visible(page1, 'product-p-1');
  });
  return { behaviours: b.list, pages: [page1, page2], screenshotPage: page1 };
}

module.exports = { shopSession };
