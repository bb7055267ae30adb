import { Suspense, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
// Shared state, each through the namespace of the app that owns it.
import { queryClient } from 'host/QueryClient';
import { useCartStore, useAddToCart, useCartCount } from 'cart/CartStore';
import { useMe, useProduct, useProducts } from '@shop/state/hooks';
import { openCart } from '@shop/state/events';
import { formatPrice, selectCurrency } from '@shop/state/redux/preferences';
import { probeState } from '@shop/probe';
import { useInjectedSelector } from './useInjectedStore.js';
import './probe.js';

probeState('catalog', 'query-client', queryClient);
probeState('catalog', 'cart-store', useCartStore);

// The field guide's Strategy A: the remote renders with the host's QueryClient.
export default function ProductList({ store }) {
  return (
    <QueryClientProvider client={queryClient}>
      <Catalog store={store} />
    </QueryClientProvider>
  );
}

function Catalog({ store }) {
  const currency = useInjectedSelector(store, selectCurrency);
  const me = useMe();
  const products = useProducts();
  const inCart = useCartCount();
  const addToCart = useAddToCart();
  const [detailsId, setDetailsId] = useState(null);
  return (
    <section className="catalog" data-testid="catalog">
      <h2>Catalog</h2>
      <p data-testid="catalog-greeting">{me.data ? `Hello ${me.data.name}, ${me.data.points} points` : 'Hello…'}</p>
      <p data-testid="catalog-in-cart">In your cart: {inCart}</p>
      {products.isPending && <p>Loading products…</p>}
      <ul>
        {products.data?.map((product) => (
          <li key={product.id} data-testid={`product-${product.id}`}>
            <span className="name">{product.name}</span>
            <span data-testid={`price-${product.id}`}>{formatPrice(product.price, currency)}</span>
            <span data-testid={`stock-${product.id}`}>{product.stock} in stock</span>
            <button data-testid={`add-${product.id}`} onClick={() => addToCart(product.id)}>
              Add to cart
            </button>
            <button data-testid={`buy-${product.id}`} onClick={() => openCart(product.id)}>
              Buy now
            </button>
            <button data-testid={`details-${product.id}`} onClick={() => setDetailsId(product.id)}>
              Details
            </button>
          </li>
        ))}
      </ul>
      {detailsId && (
        <Suspense fallback={<p>Loading details…</p>}>
          <ProductDetails id={detailsId} />
        </Suspense>
      )}
    </section>
  );
}

// Throws (to the nearest error boundary) when the product cannot be loaded.
function ProductDetails({ id }) {
  const { data } = useProduct(id);
  return (
    <article data-testid="product-details">
      <h3>{data.name}</h3>
      <p>{data.description}</p>
    </article>
  );
}
