// First run: a short guide and the template gallery instead of a blank
// canvas; the same gallery opens as a dialog from "New from template".
import type { Template } from '../api/types';
import { newFlow } from '../stores/actions';
import { useCatalog } from '../stores/catalog';
import { useEditor } from '../stores/editor';
import { groupTemplates, showWelcome, useWorkspace } from '../stores/workspace';
import { closeGallery, createFromTemplate } from '../stores/workspaceActions';

function TemplateCard({ t }: { t: Template }) {
  return (
    <button type="button" className="template-card" data-testid={`template-${t.id}`} onClick={() => void createFromTemplate(t.id)}>
      <span className="template-category">{t.category}</span>
      <span className="template-name">{t.name}</span>
      <span className="template-description">{t.description}</span>
      <span className="template-nodes">{t.nodes.join(' → ')}</span>
    </button>
  );
}

export function TemplateGallery() {
  const templates = useWorkspace((s) => s.templates);
  return (
    <div className="gallery" data-testid="template-gallery">
      {groupTemplates(templates).flatMap((g) => g.templates.map((t) => <TemplateCard key={t.id} t={t} />))}
      {templates.length === 0 && <p className="muted">No templates.</p>}
    </div>
  );
}

/** GUIDE is the one-paragraph first-run help. */
export const GUIDE =
  'A flow starts with a trigger (a webhook, a folder, a schedule, a queue), passes each message through transforms ' +
  '(mapping, filter, switch, script) and ends in actions that call APIs, write files or fill databases. Drag node types ' +
  'from the palette on the left onto the canvas, wire an output (right side of a node) to an input (left side), and ' +
  'set each node up in the inspector on the right. Save keeps a version you can go back to; Run runs the flow and shows ' +
  'what every node did. The quickest start is one of the templates below — each is a complete flow you can run at once.';

export function Welcome() {
  const ws = useWorkspace();
  const saved = useCatalog((s) => s.flows.length);
  const empty = useEditor((s) => s.nodes.length === 0 && !s.meta.id);
  if (!showWelcome(ws, saved, empty)) return null;
  const blank = () => {
    ws.set({ welcomeDismissed: true });
    newFlow();
  };
  return (
    <section
      className="welcome"
      data-testid="welcome"
      aria-label="Welcome"
      // A node dragged from the palette onto a card goes to the canvas underneath.
      onDragEnter={() => ws.set({ welcomeDismissed: true })}
    >
      <div className="welcome-inner">
        <h2>Welcome to Weft Studio</h2>
        <p className="welcome-guide" data-testid="guide">{GUIDE}</p>
        <div className="welcome-actions">
          <button type="button" className="btn small" data-testid="start-blank" onClick={blank}>
            Start with a blank canvas
          </button>
        </div>
        <h3>Start from a template</h3>
        <p />
        <TemplateGallery />
      </div>
    </section>
  );
}

export function TemplateDialog() {
  const open = useWorkspace((s) => s.galleryOpen);
  if (!open) return null;
  return (
    <div className="mapping-backdrop" role="dialog" aria-label="New from template" onClick={closeGallery}>
      <div className="gallery-modal" data-testid="template-dialog" onClick={(e) => e.stopPropagation()}>
        <div className="mapping-head">
          <h2>New from template</h2>
          <button type="button" className="btn small" onClick={closeGallery}>
            Close
          </button>
        </div>
        <p className="pad muted">{GUIDE}</p>
        <TemplateGallery />
      </div>
    </div>
  );
}
