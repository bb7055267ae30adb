// Every remote component is declared once, at module scope, and rendered inside a RemoteBoundary.
import { lazy } from 'react';

export const ProductList = lazy(() => import('catalog/ProductList'));
export const CurrencySwitch = lazy(() => import('catalog/CurrencySwitch'));
export const CartDrawer = lazy(() => import('cart/CartDrawer'));
export const Recommendations = lazy(() => import('recs/Recommendations'));
