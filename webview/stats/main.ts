// Browser side of the Container stats view.
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { StatsFromWebview, StatsToWebview } from '../../src/shared/protocol/stats';
import { connect, el } from '../common/bridge';

const root = document.getElementById('root') as HTMLElement;
let rendered = false;
const bridge = connect<StatsToWebview, StatsFromWebview>('stats', () => rendered);

function render(text: string): void {
  root.replaceChildren(el('p', { class: 'message', role: 'status' }, text));
  root.setAttribute('aria-busy', 'false');
  rendered = true;
}

bridge.onMessage((message) => {
  if (message.type === 'stats/message') render(message.text);
});
root.replaceChildren(el('vscode-progress-ring', { 'aria-label': 'Loading container stats' }));
