// The page's ports for the link session (startup-link.ts): the store, window's address, history
// and navigation events, the browser's timers, the camera port and the loaders.
import { useStore } from '../../state/store';
import { loadDemo, loadDemoIndex } from '../controller';
import { cameraPort } from './camera-port';
import { addModelUrls, loadPopulationUrl } from './link-loaders';
import { browserTimers } from './link-writer';
import type { LinkSessionDeps } from './startup-link';

export function browserLinkDeps(): LinkSessionDeps {
  return {
    store: useStore,
    location: window.location,
    history: window.history,
    events: { addEventListener: (type, f) => window.addEventListener(type, f) },
    timers: browserTimers,
    camera: cameraPort,
    loaders: { loadDemoIndex, loadDemo, loadPopulationUrl, addModelUrls },
  };
}
