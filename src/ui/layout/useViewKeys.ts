// The 3-D view's key handler (keys: viewKeys.ts) and the live announcement of
// what a key did, for screen readers and for anyone watching a projector.
import { useCallback, useState } from 'react';
import { getState } from '../../state/store';
import { getColumn } from '../../core/explore/table';
import { formatValue } from '../color';
import { theApp } from '../../app/start';
import { orbitCamera, stepNetwork, viewKeyAction, zoomCamera } from './viewKeys';

export function useViewKeys(): { onKeyDown: (e: React.KeyboardEvent) => void; announcement: string } {
  const [announcement, setAnnouncement] = useState('');
  const onKeyDown = useCallback((e: React.KeyboardEvent) => {
    if (e.target !== e.currentTarget) return; // keys typed into an overlay's control are theirs
    const action = viewKeyAction(e);
    if (!action) return;
    e.preventDefault();
    const s = getState();
    switch (action.kind) {
      case 'orbit':
        if (s.viewSettings.twoD) setAnnouncement('Orbit is locked in the 2-D view');
        else theApp().camera.move((cam) => orbitCamera(cam, action.azimuth, action.polar));
        break;
      case 'zoom':
        theApp().camera.move((cam, lim) => zoomCamera(cam, action.factor, lim.minDistance, lim.maxDistance));
        break;
      case 'fit':
        theApp().camera.reset();
        setAnnouncement('View fitted to the points');
        break;
      case 'tool': {
        const tool = s.viewSettings.tool === action.tool ? 'orbit' : action.tool;
        s.setViewSettings({ tool });
        setAnnouncement(tool === 'orbit' ? 'Orbit tool' : `${tool === 'lasso' ? 'Lasso' : 'Box'} select tool`);
        break;
      }
      case 'step': {
        const pop = s.population;
        const table = s.table;
        const emb = pop?.embedding;
        if (!pop || !table || !emb) return;
        const nc = emb.nComponents;
        const inSel = s.selectionActive ? s.selectionMask : null;
        const hit = stepNetwork(
          table,
          s.colorColumn,
          (r) => Number.isFinite(emb.embedding[r * nc]) && (!inSel || inSel[r] === 1),
          s.selectedId,
          action.dir,
        );
        if (!hit) {
          setAnnouncement('No network to step to');
          return;
        }
        const id = table.ids[hit.row];
        s.setSelected(id);
        const col = getColumn(table, s.colorColumn);
        const value = col
          ? col.type === 'categorical'
            ? (col.dictionary?.[col.values[hit.row]] ?? '—')
            : formatValue(col.values[hit.row])
          : '';
        setAnnouncement(
          `${id}: ${hit.rank} of ${hit.count}${inSel ? ' selected' : ''} by ${col?.label ?? 'row'}${col ? `, ${value}` : ''}`,
        );
        break;
      }
    }
  }, []);
  return { onKeyDown, announcement };
}
