// The async boundary: nothing shared is imported before the federation runtime has set up the share
// scope. All of the app lives behind this dynamic import.
import('./bootstrap');
