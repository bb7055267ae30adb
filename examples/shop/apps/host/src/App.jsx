import { useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { Provider, useSelector } from 'react-redux';
import { queryClient } from 'host/QueryClient';
import { useCartStore, useCartCount, useClearCart, useCartTabSync } from 'cart/CartStore';
import { useMe, useOrders } from '@shop/state/hooks';
import { openCart } from '@shop/state/events';
import { formatPrice, selectCurrency } from '@shop/state/redux/preferences';
import { useQueryInvalidationSubscriber } from '@shop/state/sync';
import { probeState } from '@shop/probe';
import { store } from './reduxStore.js';
import { RemoteBoundary } from './RemoteBoundary.jsx';
import { CartDrawer, CurrencySwitch, ProductList, Recommendations } from './remotes.js';
import './probe.js';

probeState('host', 'cart-store', useCartStore);
probeState('host', 'query-client', queryClient);
probeState('host', 'redux-store', store);

export function App() {
  return (
    <Provider store={store}>
      <QueryClientProvider client={queryClient}>
        <Shell />
      </QueryClientProvider>
    </Provider>
  );
}

function Shell() {
  const [page, setPage] = useState('shop');
  useCartTabSync();
  useQueryInvalidationSubscriber(queryClient);
  return (
    <>
      <Header page={page} onNavigate={setPage} />
      {page === 'shop' ? <ShopPage /> : <OrdersPage />}
    </>
  );
}

function Header({ page, onNavigate }) {
  const me = useMe();
  const count = useCartCount();
  const clearCart = useClearCart();
  const currency = useSelector(selectCurrency);
  return (
    <header>
      <span className="brand">Shop</span>
      <nav>
        <button data-testid="nav-shop" disabled={page === 'shop'} onClick={() => onNavigate('shop')}>
          Shop
        </button>{' '}
        <button data-testid="nav-orders" disabled={page === 'orders'} onClick={() => onNavigate('orders')}>
          Orders
        </button>
      </nav>
      <span data-testid="header-user">{me.data ? `${me.data.name} · ${me.data.points} points` : '…'}</span>
      <span data-testid="header-currency">Prices in {currency}</span>
      <RemoteBoundary name="currency">
        <CurrencySwitch store={store} />
      </RemoteBoundary>
      <button data-testid="header-cart" onClick={() => openCart()}>
        Cart ({count})
      </button>
      <button data-testid="header-clear-cart" onClick={clearCart}>
        Clear cart
      </button>
    </header>
  );
}

function ShopPage() {
  return (
    <main>
      <RemoteBoundary name="catalog">
        <ProductList store={store} />
      </RemoteBoundary>
      <div>
        <RemoteBoundary name="cart">
          <CartDrawer />
        </RemoteBoundary>
        <RemoteBoundary name="recs">
          <Recommendations />
        </RemoteBoundary>
      </div>
    </main>
  );
}

function OrdersPage() {
  const orders = useOrders();
  const currency = useSelector(selectCurrency);
  return (
    <main>
      <section data-testid="orders">
        <h2>Orders</h2>
        {orders.data?.length === 0 && <p>No orders yet.</p>}
        <ul>
          {orders.data?.map((order) => (
            <li key={order.id}>
              <span className="name">{order.id}</span> {formatPrice(order.total, currency)}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
