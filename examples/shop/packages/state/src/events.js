// Same-document UI signals (CustomEvent). Fire-and-forget: no state, no library.
export const CART_OPEN = 'cart:open';

export const openCart = (productId) => window.dispatchEvent(new CustomEvent(CART_OPEN, { detail: { productId } }));
