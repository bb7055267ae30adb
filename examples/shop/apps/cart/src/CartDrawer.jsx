import { useEffect, useState } from 'react';
import { QueryClientProvider, useMutation } from '@tanstack/react-query';
// Through the federation namespace, like every other app: never '../stores' or '@shop/state/stores/cart'.
import { useCartStore, useAddToCart, useCartItems, useClearCart } from 'cart/CartStore';
import { api } from '@shop/state/api';
import { CART_OPEN } from '@shop/state/events';
import { queryKeys, useProducts } from '@shop/state/hooks';
import { invalidateEverywhere, useQueryInvalidationSubscriber } from '@shop/state/sync';
import { probeState } from '@shop/probe';
import { cartQueryClient } from './queryClient.js';
import './probe.js';

probeState('cart', 'cart-store', useCartStore);
probeState('cart', 'cart-query-client', cartQueryClient);

export default function CartDrawer() {
  return (
    <QueryClientProvider client={cartQueryClient}>
      <Drawer />
    </QueryClientProvider>
  );
}

function Drawer() {
  const [open, setOpen] = useState(false);
  const items = useCartItems();
  const addToCart = useAddToCart();
  const clearCart = useClearCart();
  const products = useProducts();
  useQueryInvalidationSubscriber(cartQueryClient);

  // "Buy now" anywhere in the page: add the product and open the drawer. Removed on unmount.
  useEffect(() => {
    const onOpen = (event) => {
      if (event.detail?.productId) addToCart(event.detail.productId);
      setOpen(true);
    };
    window.addEventListener(CART_OPEN, onOpen);
    return () => window.removeEventListener(CART_OPEN, onOpen);
  }, [addToCart]);

  const checkout = useMutation({
    mutationFn: () => api.checkout(items),
    onSuccess: () => {
      clearCart();
      return Promise.all([
        invalidateEverywhere(cartQueryClient, queryKeys.products),
        invalidateEverywhere(cartQueryClient, queryKeys.orders),
      ]);
    },
  });

  const byId = new Map((products.data ?? []).map((product) => [product.id, product]));
  const total = items.reduce((sum, item) => sum + (byId.get(item.id)?.price ?? 0) * item.qty, 0);
  return (
    <section className="cart" data-testid="cart-drawer" data-open={open}>
      <h2>
        Cart <button onClick={() => setOpen(!open)}>{open ? 'Close' : 'Open'}</button>
      </h2>
      {open && (
        <>
          <ul>
            {items.map((item) => (
              <li key={item.id} data-testid={`cart-line-${item.id}`}>
                <span className="name">{byId.get(item.id)?.name ?? item.id}</span>
                <span data-testid={`cart-qty-${item.id}`}>×{item.qty}</span>
              </li>
            ))}
          </ul>
          <p>Total: {total.toFixed(2)} EUR</p>
          <button data-testid="checkout" disabled={items.length === 0 || checkout.isPending} onClick={() => checkout.mutate()}>
            Checkout
          </button>
          {checkout.isSuccess && <p data-testid="checkout-done">Thank you! Order {checkout.data.id} placed.</p>}
        </>
      )}
    </section>
  );
}
