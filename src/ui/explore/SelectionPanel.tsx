// Side panel: the filter box, the selection summary ("Train more like these") and the search mode.
import { useStore } from '../../state/store';
import { FilterBox } from './FilterBox';
import { SelectionSummary } from './SelectionSummary';
import { SearchPanel } from '../search/SearchPanel';
import './explore.css';

export function SelectionPanel() {
  const table = useStore((s) => s.table);
  if (!table) return null;
  return (
    <section className="panel selection-panel" aria-label="Selection">
      <header className="panel-header">
        <h2>Selection</h2>
      </header>
      <div className="panel-body">
        <FilterBox />
        <SelectionSummary />
        <SearchPanel />
      </div>
    </section>
  );
}
