// "Largest files in the image": the final filesystem's biggest files across all layers, filtered by
// a glob (`*.so`, `usr/lib/**`), each with the layer that wrote it. The extension does the matching
// (the page never holds the whole image's file list); each path opens in an editor or in the tree.
import type { LargestFilesList } from '../../src/shared/protocol/analyze';
import { el } from '../common/bridge';
import { countOf, formatBytes } from './format';

export interface LargestFilesEvents {
  request(glob: string): void;
  open(path: string, layer: number): void;
  show(path: string, layer: number): void;
}

export class LargestFiles {
  readonly element: HTMLElement;
  private readonly globBox: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly body: HTMLElement;
  private timer = 0;
  private asked = '';

  constructor(private readonly events: LargestFilesEvents) {
    this.globBox = el('input', {
      type: 'text', class: 'glob', placeholder: 'Glob, e.g. *.so or usr/lib/**', 'aria-label': 'Filter the largest files by a glob pattern',
      title: 'A pattern without / matches file names anywhere (*.so); with /, whole paths (usr/share/**). Enter applies it.', spellcheck: 'false',
    }) as HTMLInputElement;
    this.status = el('p', { class: 'muted largest-status', role: 'status', 'aria-live': 'polite' });
    this.body = el('tbody', {});
    this.globBox.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.ask(), 250);
    });
    this.globBox.addEventListener('keydown', (event: KeyboardEvent) => {
      if (event.key === 'Enter') {
        clearTimeout(this.timer);
        this.ask();
        event.preventDefault();
      }
    });
    this.element = el(
      'details',
      { class: 'largest-files' },
      el('summary', {}, el('h2', {}, 'Largest files in the image')),
      el('div', { class: 'largest-toolbar' }, this.globBox, this.status),
      el('table', { 'aria-label': 'Largest files in the image' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Path'), el('th', { class: 'num' }, 'Bytes'), el('th', {}, 'From'), el('th', {}, el('span', { class: 'visually-hidden' }, 'Actions')))),
        this.body),
    );
    this.element.addEventListener('toggle', () => {
      if ((this.element as HTMLDetailsElement).open && this.asked === '' && this.body.childElementCount === 0) this.ask(true);
    });
  }

  get glob(): string {
    return this.globBox.value;
  }

  setGlob(glob: string): void {
    this.globBox.value = glob;
  }

  /** Ask the extension for the list of the current pattern (`force`: even if asked already). */
  ask(force = false): void {
    const glob = this.globBox.value.trim();
    if (!force && glob === this.asked && this.body.childElementCount > 0) return;
    this.asked = glob;
    this.status.textContent = 'Looking…';
    this.events.request(glob);
  }

  show(list: LargestFilesList): void {
    if (list.glob !== this.globBox.value.trim()) return; // an answer to a pattern since changed
    if (list.error) {
      this.status.textContent = list.error;
      this.body.replaceChildren();
      return;
    }
    const what = list.glob ? `matching ${list.glob}` : 'in the image';
    this.status.textContent = list.matching > list.files.length
      ? `${list.files.length} largest of ${countOf(list.matching, 'file')} ${what} (${formatBytes(list.matchingBytes)} in all)`
      : `${countOf(list.matching, 'file')} ${what} (${formatBytes(list.matchingBytes)})`;
    this.body.replaceChildren(...list.files.map((file) => {
      const show = el('button', { class: 'file-link', type: 'button', title: `Show /${file.path} in the tree of layer ${file.layer}` }, `/${file.path}`);
      show.addEventListener('click', () => this.events.show(file.path, file.layer));
      const open = el('button', { class: 'icon-button', type: 'button', title: `Open /${file.path} in an editor`, 'aria-label': `Open /${file.path} in an editor` }, el('span', { class: 'codicon codicon-go-to-file', 'aria-hidden': 'true' }));
      open.addEventListener('click', () => this.events.open(file.path, file.layer));
      return el('tr', { 'data-largest': '' },
        el('td', { class: 'path-cell' }, show),
        el('td', { class: 'num' }, formatBytes(file.sizeBytes)),
        el('td', { class: 'muted' }, `layer ${file.layer}`),
        el('td', {}, open));
    }));
  }
}
