// Browser side of the Analyze image panel.
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { AnalyzeFromWebview, AnalyzeToWebview } from '../../src/shared/protocol/analyze';
import { connect, el } from '../common/bridge';

const root = document.getElementById('root') as HTMLElement;
let rendered = false;
const bridge = connect<AnalyzeToWebview, AnalyzeFromWebview>('analyze', () => rendered);

bridge.onMessage((message) => {
  if (message.type === 'analyze/progress') {
    root.replaceChildren(el('p', { class: 'message', role: 'status' }, message.message));
    rendered = true;
  }
});
root.replaceChildren(el('vscode-progress-ring', { 'aria-label': 'Analysing image' }));
