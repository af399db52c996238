// "Fit view": puts the camera back on the robustly framed cloud (explore/fit.ts),
// after orbiting or zooming away. Also brings in the toolbar layout (polish.css).
import { resetCameraView } from '../sharing/camera';
import './polish.css';

export function FitViewButton() {
  return (
    <button className="tb-button" data-testid="fit-view" title="Fit the view to the points (centre and zoom on the bulk; outliers at the edge)" onClick={resetCameraView}>
      <span aria-hidden="true">⤢</span> Fit
    </button>
  );
}
