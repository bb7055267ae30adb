// The async boundary (see apps/host/src/index.js).
import('./bootstrap');
