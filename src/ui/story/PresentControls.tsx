// Presenter mode's own controls: leave (Esc), full-screen (F), the projector theme.
import { useStory } from '../../state/story';
import { theApp } from '../../app/start';

export function PresentControls() {
  const presenting = useStory((s) => s.presenting);
  const theme = useStory((s) => s.theme);
  const story = useStory((s) => s.story);
  if (!presenting) return null;
  return (
    <div className="present-exit" data-testid="present-controls">
      <button onClick={() => void theApp().stories.toggleFullscreen()} title="Full-screen (F)">
        Full-screen
      </button>{' '}
      <button
        onClick={() => theApp().stories.setTheme(theme === 'light' ? 'dark' : 'light')}
        title="Light, high-contrast colours for projectors"
      >
        {theme === 'light' ? 'Dark theme' : 'Projector theme'}
      </button>{' '}
      <button data-testid="present-leave" onClick={() => theApp().stories.setPresenting(false)} title="Leave presenter mode (Esc)">
        Exit presenter mode
      </button>
      {!story && <span className="present-hint-inline"> → / ← step a story · F full-screen · Esc leaves</span>}
    </div>
  );
}
