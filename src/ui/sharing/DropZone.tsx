// Drag-and-drop anywhere on the page imports the dropped files (see app/sharing/import.ts).
import { useEffect } from 'react';
import { useSharing } from '../../state/sharing';
import { theApp } from '../../app/start';
import './sharing.css';

const hasFiles = (e: DragEvent): boolean => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');

export function DropZone() {
  const dragging = useSharing((s) => s.dragging);
  useEffect(() => {
    let depth = 0;
    const set = (d: boolean) => useSharing.getState().setDragging(d);
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      set(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) set(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      set(false);
      const files = e.dataTransfer?.files;
      if (files && files.length) void theApp().imports.files(Array.from(files));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!dragging) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-card">
        <div className="drop-title">Drop to import</div>
        <ul>
          <li>
            <b>Population bundle</b> — .nmpop (replaces the view)
          </li>
          <li>
            <b>Activation bundle</b> — .zip, or manifest.json with its .npy files
          </li>
          <li>
            <b>TF.js models</b> — model.json with its .bin weights (added to this population)
          </li>
        </ul>
      </div>
    </div>
  );
}
