// Keyboard shortcuts, listed once: the help panel shows this table, README.md repeats it.
export const SHORTCUTS: { keys: string[]; action: string; where: string }[] = [
  { keys: ['?'], action: 'Open or close this help', where: 'anywhere' },
  { keys: ['←', '→', '↑', '↓'], action: 'Orbit the view', where: '3-D view focused' },
  { keys: ['+', '−'], action: 'Zoom in / out', where: '3-D view focused' },
  { keys: ['F', '0'], action: 'Fit the view to the points', where: '3-D view focused' },
  { keys: [']', '['], action: 'Inspect the next / previous network (within the selection if there is one)', where: '3-D view focused' },
  { keys: ['L', 'B'], action: 'Lasso / box select tool (again: back to orbit)', where: '3-D view focused' },
  { keys: ['Esc'], action: 'Clear the selection, close the inspector or this help', where: 'anywhere' },
  { keys: ['Tab'], action: 'Move between controls (the focused one has an outline)', where: 'anywhere' },
];
