// Exposed as `cart/CartStore`: the one place the cart store module is bundled and evaluated.
export * from '@shop/state/stores/cart';
