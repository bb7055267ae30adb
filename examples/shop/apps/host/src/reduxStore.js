// The host owns the Redux store; remote widgets receive it as a prop (dependency injection), so no
// remote ever wraps its own <Provider> inside the host's.
import { createShopStore } from '@shop/state/redux/preferences';

export const store = createShopStore();
