// The page's ports for the link session (startup-link.ts): the store, window's address, history
// and navigation events, the browser's timers, the camera port and the loaders.
import { useStore } from '../../state/store';
import type { Populations } from '../populations';
import type { CameraPort } from './camera-port';
import type { Imports } from './import';
import { browserTimers } from './link-writer';
import type { LinkSessionDeps } from './startup-link';

export function browserLinkDeps(populations: Populations, imports: Imports, camera: CameraPort): LinkSessionDeps {
  return {
    store: useStore,
    location: window.location,
    history: window.history,
    events: { addEventListener: (type, f) => window.addEventListener(type, f) },
    timers: browserTimers,
    camera,
    loaders: {
      loadDemoIndex: (choose) => populations.loadDemoIndex(choose),
      loadDemo: (entry) => populations.loadDemo(entry),
      loadPopulationUrl: (url, report) => populations.loadUrl(url, report),
      addModelUrls: (urls) => imports.addModelUrls(urls),
    },
  };
}
