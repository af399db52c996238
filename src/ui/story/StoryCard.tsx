// The story player's caption card (docs/stories.md): step N / M, the step's
// title and caption, previous / next, what the step waits for, and leave.
// Contract: the caption element has data-testid="story-caption" and data-step =
// the 1-based step on screen; → advances it.
import { useStory } from '../../state/story';
import { theApp } from '../../app/start';

const WAIT_HINT = {
  lasso: 'Your turn: lasso some points (L, then drag), then press →.',
  click: 'Your turn: click a point to inspect it, then press →.',
} as const;

export function StoryCard() {
  const story = useStory((s) => s.story);
  const step = useStory((s) => s.step);
  const status = useStory((s) => s.status);
  const waitDone = useStory((s) => s.waitDone);
  const presenting = useStory((s) => s.presenting);
  if (!story) return null;
  const n = story.steps.length;
  const current = story.steps[step];
  const last = step === n - 1;
  return (
    <section className="story-card" data-testid="story-card" data-status={status} aria-label={`Story: ${story.title}`} aria-live="polite">
      <div className="story-card-main">
        <header className="story-card-head">
          <span className="story-card-title" title={story.title}>
            {story.title}
          </span>
          <span className="story-card-count" data-testid="story-count">
            step {step + 1} / {n}
          </span>
        </header>
        <div className="story-caption" data-testid="story-caption" data-step={step + 1} data-ready={status === 'ready' ? 'true' : 'false'}>
          {current.title && <h2 className="story-step-title">{current.title}</h2>}
          <p>{current.caption}</p>
        </div>
        {current.wait && (
          <p className={waitDone ? 'story-wait done' : 'story-wait'} data-testid="story-wait" data-done={waitDone ? 'true' : 'false'}>
            {waitDone ? 'Done — press → to go on.' : WAIT_HINT[current.wait]}
          </p>
        )}
      </div>
      <footer className="story-card-nav">
        <span className="story-dots" aria-hidden="true">
          {story.steps.map((_, i) => (
            <span key={i} className={i === step ? 'story-dot on' : 'story-dot'} />
          ))}
          {status === 'applying' && <span className="story-busy">loading…</span>}
        </span>
        <span className="story-buttons">
          <button data-testid="story-prev" disabled={step === 0} onClick={() => void theApp().stories.previous()} title="Previous step (←)">
            ‹ Previous
          </button>
          <button
            className="primary"
            data-testid="story-next"
            disabled={last}
            onClick={() => void theApp().stories.next()}
            title="Next step (→)"
          >
            {current.wait && !waitDone && !last ? 'Skip ›' : 'Next ›'}
          </button>
        </span>
        <span className="story-buttons">
          {!presenting && (
            <button
              className="story-present"
              onClick={() => theApp().stories.setPresenting(true, true)}
              title="Presenter mode: only the manifold, the legend and this caption (Esc leaves)"
            >
              Present
            </button>
          )}
          <button data-testid="story-leave" onClick={() => theApp().stories.leave()} title="Leave the story; the view stays (Esc)">
            Leave story
          </button>
        </span>
      </footer>
    </section>
  );
}
