// The Redux slice for shop preferences. The host creates the one store (apps/host/src/reduxStore.js)
// and injects it into remote widgets as a prop; remotes import only these stateless action creators
// and selectors, never a store.
import { configureStore, createSlice } from '@reduxjs/toolkit';

export const preferences = createSlice({
  name: 'preferences',
  initialState: { currency: 'EUR' },
  reducers: {
    currencySet(state, action) {
      state.currency = action.payload;
    },
  },
});

export const { currencySet } = preferences.actions;
export const selectCurrency = (state) => state.preferences.currency;
export const RATES = { EUR: 1, USD: 1.25 };
export const formatPrice = (eur, currency) => `${(eur * RATES[currency]).toFixed(2)} ${currency}`;

export function createShopStore() {
  return configureStore({ reducer: { preferences: preferences.reducer }, devTools: { name: 'shop' } });
}
