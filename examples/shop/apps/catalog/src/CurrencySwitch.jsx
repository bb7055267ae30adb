// A Redux widget that receives its store by injection: <CurrencySwitch store={hostStore} />.
import { RATES, currencySet, selectCurrency } from '@shop/state/redux/preferences';
import { useInjectedSelector } from './useInjectedStore.js';
import './probe.js';

export default function CurrencySwitch({ store }) {
  const currency = useInjectedSelector(store, selectCurrency);
  return (
    <label>
      Currency{' '}
      <select data-testid="currency-switch" value={currency} onChange={(event) => store.dispatch(currencySet(event.target.value))}>
        {Object.keys(RATES).map((code) => (
          <option key={code}>{code}</option>
        ))}
      </select>
    </label>
  );
}
