// Stories panel (docs/stories.md): play a shipped story or a story file,
// author one ("Add this view as a step" + caption, export as JSON), and
// presenter mode with its projector theme.
import { useRef, useState } from 'react';
import { useStory } from '../../state/story';
import { useStore } from '../../state/store';
import { theApp } from '../../app/start';

export function StoryPanel() {
  const index = useStory((s) => s.index);
  const draft = useStory((s) => s.draft);
  const draftTitle = useStory((s) => s.draftTitle);
  const theme = useStory((s) => s.theme);
  const story = useStory((s) => s.story);
  const ready = useStore((s) => !!s.population && s.populationStatus === 'ready');
  const [caption, setCaption] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  return (
    <section className="panel story-panel" data-testid="story-panel" aria-label="Stories">
      <div className="panel-header">
        <h2>Stories &amp; presenting</h2>
        <button
          data-testid="present-button"
          onClick={() => theApp().stories.setPresenting(true, true)}
          title="Presenter mode: only the manifold, the legend and the story caption; → / ← step, F full-screen, Esc leaves"
        >
          Present
        </button>
      </div>
      <div className="panel-body">
        {index.length > 0 && (
          <ul className="story-list">
            {index.map((e) => (
              <li key={e.id}>
                <button
                  className="link"
                  data-testid={`story-open-${e.id}`}
                  title={e.description}
                  onClick={() => void theApp().stories.openRef(e.id)}
                >
                  ▶ {e.title}
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="story-row">
          <button
            data-testid="story-import"
            onClick={() => fileRef.current?.click()}
            title="Open a story file (JSON) exported from Netmanifold"
          >
            Import story…
          </button>
          <input
            ref={fileRef}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="story-import-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void theApp().stories.importFile(f);
            }}
          />
          <label className="inline" title="Light, high-contrast colours for projectors">
            <input
              type="checkbox"
              data-testid="theme-light"
              checked={theme === 'light'}
              onChange={(e) => theApp().stories.setTheme(e.target.checked ? 'light' : 'dark')}
            />
            <span>Projector theme</span>
          </label>
        </div>
        <h3>Write a story</h3>
        <label className="story-field">
          <span>Title</span>
          <input
            type="text"
            data-testid="story-draft-title"
            value={draftTitle}
            maxLength={120}
            onChange={(e) => useStory.getState().set({ draftTitle: e.target.value })}
          />
        </label>
        <label className="story-field">
          <span>Caption for this view</span>
          <textarea
            data-testid="story-caption-input"
            rows={3}
            maxLength={1200}
            value={caption}
            placeholder="What should the audience see here?"
            onChange={(e) => setCaption(e.target.value)}
          />
        </label>
        <div className="story-row">
          <button
            className="primary"
            data-testid="story-add-step"
            disabled={!ready || caption.trim() === '' || !!story}
            title={
              story
                ? 'Leave the story being played first'
                : 'Add the whole view (population, colour, size, camera, selection, filter, panels, PHATE settings) as the next step'
            }
            onClick={() => {
              theApp().stories.addViewAsStep(caption);
              setCaption('');
            }}
          >
            Add this view as a step
          </button>
        </div>
        {draft.length > 0 && (
          <>
            <ol className="story-draft" data-testid="story-draft">
              {draft.map((s, i) => (
                <li key={i}>
                  <span>{s.caption}</span>
                  <button className="icon-button" aria-label={`Remove step ${i + 1}`} onClick={() => theApp().stories.removeDraftStep(i)}>
                    ×
                  </button>
                </li>
              ))}
            </ol>
            <div className="story-row">
              <button data-testid="story-play-draft" onClick={() => theApp().stories.playDraft()}>
                Play
              </button>
              <button
                data-testid="story-export"
                onClick={() => theApp().stories.exportDraft()}
                title="Download the story as JSON (each step's view is the object a link's hash encodes)"
              >
                Export JSON
              </button>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
