// "Fit view": back to the data-driven default view (explore/defaultView.ts: along the
// cloud's smallest principal axis, fitted to the view) after orbiting or zooming away.
import { theApp } from '../../app/start';
import { Icon } from './icons';
import './polish.css';

export function FitViewButton() {
  return (
    <button
      className="rail-button"
      data-testid="fit-view"
      title="Fit the view to the points: look across the cloud's longest extent, centred and zoomed to fill the view"
      onClick={() => theApp().camera.reset()}
    >
      <Icon name="fit" />
      <span className="rail-label">Fit</span>
    </button>
  );
}
