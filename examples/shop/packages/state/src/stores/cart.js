// The cart store: one Zustand store for the whole page.
//
// It is created here, exposed ONCE by the cart app as `cart/CartStore`, and every app — the cart
// app itself included — imports it through that federation namespace. Importing this file by a
// relative path, a deep import or a bundler alias would bundle a second copy of the module, and
// with it a second store that never sees the first one's updates (the "initial value only" bug).
import { useEffect } from 'react';
import { create } from 'zustand';
import { devtools, persist } from 'zustand/middleware';
import { probeLibraries } from '@shop/probe';

// The zustand this module really got: a bundle that carries its own copy of this module may also
// carry its own zustand, which no app's probe would otherwise see (recording only).
probeLibraries('@shop/state/stores/cart', { zustand: create });

export const CART_STORAGE_KEY = 'shop:cart';

export const useCartStore = create(
  devtools(
    persist(
      (set) => ({
        items: [],
        addItem: (id) =>
          set(
            (state) => {
              const found = state.items.find((item) => item.id === id);
              return {
                items: found
                  ? state.items.map((item) => (item.id === id ? { ...item, qty: item.qty + 1 } : item))
                  : [...state.items, { id, qty: 1 }],
              };
            },
            false,
            'cart/addItem',
          ),
        clearCart: () => set({ items: [] }, false, 'cart/clearCart'),
      }),
      { name: CART_STORAGE_KEY, version: 1, partialize: (state) => ({ items: state.items }) },
    ),
    { name: 'CartStore' },
  ),
);

// Atomic selectors: each returns an existing reference or a primitive.
export const useCartItems = () => useCartStore((state) => state.items);
export const useCartCount = () => useCartStore((state) => state.items.reduce((n, item) => n + item.qty, 0));
export const useAddToCart = () => useCartStore((state) => state.addItem);
export const useClearCart = () => useCartStore((state) => state.clearCart);

// Multi-tab sync: `persist` writes localStorage but never reads it back. Other tabs learn about a
// change from the `storage` event and rehydrate. The listener is removed on unmount.
export function useCartTabSync() {
  useEffect(() => {
    const onStorage = (event) => {
      if (event.key === CART_STORAGE_KEY) useCartStore.persist.rehydrate();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
}
