// The layer list: one option per layer with a size bar, the command that made it, its digest and
// a link to its Dockerfile line. A listbox: arrows/Home/End select, Enter opens the Dockerfile line.
import type { LayerSummary } from '../../src/shared/protocol/analyze';
import { el } from '../common/bridge';
import { formatBytes, formatCount, shortDigest } from './format';

export interface LayerListEvents {
  select(index: number): void;
  openSource(index: number): void;
}

export class LayerList {
  readonly element: HTMLDivElement;
  private options: HTMLDivElement[] = [];
  private selected = 0;

  constructor(private readonly events: LayerListEvents) {
    this.element = el('div', { class: 'layers', role: 'listbox', tabindex: '0', 'aria-label': 'Layers' });
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('click', (event) => {
      const target = event.target as Element;
      const option = target.closest<HTMLElement>('[role="option"]');
      if (!option) return;
      const index = Number(option.dataset.index);
      if (target.closest('.layer-source')) this.events.openSource(index);
      this.select(index);
      this.element.focus({ preventScroll: true });
    });
  }

  get rowCount(): number {
    return this.options.length;
  }

  get selectedIndex(): number {
    return this.selected;
  }

  setLayers(layers: LayerSummary[]): void {
    const largest = Math.max(1, ...layers.map((layer) => layer.sizeBytes));
    this.options = layers.map((layer) => this.option(layer, largest));
    this.element.replaceChildren(...this.options);
  }

  private option(layer: LayerSummary, largest: number): HTMLDivElement {
    const share = layer.sizeBytes / largest;
    const fill = el('span', { class: 'bar-fill' });
    // CSSOM, not a style attribute: the page's CSP forbids inline style attributes.
    fill.style.width = `${(share * 100).toFixed(1)}%`;
    const bar = el('span', { class: 'bar', 'aria-hidden': 'true' }, fill);
    const command = layer.command.trim() || '(no command recorded)';
    const changes = el(
      'span',
      { class: 'layer-changes', 'aria-hidden': 'true' },
      el('span', { class: 'change-added', title: `${formatCount(layer.added)} added` }, `+${formatCount(layer.added)}`),
      el('span', { class: 'change-modified', title: `${formatCount(layer.modified)} modified` }, `~${formatCount(layer.modified)}`),
      el('span', { class: 'change-removed', title: `${formatCount(layer.removed)} removed` }, `−${formatCount(layer.removed)}`),
    );
    const meta = el('span', { class: 'layer-meta' }, el('span', { class: 'digest', title: layer.digest }, shortDigest(layer.digest)), changes);
    if (layer.compressedSizeBytes !== undefined) meta.append(el('span', { class: 'muted', title: 'Stored (compressed) size' }, `${formatBytes(layer.compressedSizeBytes)} stored`));
    if (layer.source) {
      const name = layer.source.file.split(/[\\/]/).pop() ?? layer.source.file;
      meta.append(
        el(
          'span',
          { class: 'layer-source', title: `Open ${layer.source.file} at line ${layer.source.line} (Enter)` },
          el('span', { class: 'codicon codicon-go-to-file', 'aria-hidden': 'true' }),
          `${name}:${layer.source.line}`,
        ),
      );
    }
    if (layer.flagged) meta.append(el('span', { class: 'flag', title: 'Entries the analysis refused to trust' }, `⚠ ${formatCount(layer.flagged)} flagged`));
    const label = [
      `Layer ${layer.index}`,
      formatBytes(layer.sizeBytes),
      command,
      `${layer.added} added, ${layer.modified} modified, ${layer.removed} removed`,
      layer.source ? `made by line ${layer.source.line} of ${layer.source.file}, press Enter to open it` : '',
    ].filter(Boolean);
    return el(
      'div',
      { class: 'layer', role: 'option', id: `layer-${layer.index}`, 'data-index': String(layer.index), 'aria-selected': 'false', 'aria-label': label.join(', ') },
      el('span', { class: 'layer-index', 'aria-hidden': 'true' }, String(layer.index)),
      el('span', { class: 'layer-size', 'aria-hidden': 'true' }, bar, el('span', { class: 'size' }, formatBytes(layer.sizeBytes))),
      el('span', { class: 'layer-command', title: command, 'aria-hidden': 'true' }, command),
      meta,
    );
  }

  select(index: number, notify = true): void {
    if (this.options.length === 0) return;
    const next = Math.max(0, Math.min(index, this.options.length - 1));
    this.options[this.selected]?.setAttribute('aria-selected', 'false');
    this.selected = next;
    const option = this.options[next];
    option.setAttribute('aria-selected', 'true');
    this.element.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView({ block: 'nearest' });
    if (notify) this.events.select(next);
  }

  private onKey(event: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.element.clientHeight / 44));
    switch (event.key) {
      case 'ArrowDown':
        this.select(this.selected + 1);
        break;
      case 'ArrowUp':
        this.select(this.selected - 1);
        break;
      case 'PageDown':
        this.select(this.selected + page);
        break;
      case 'PageUp':
        this.select(this.selected - page);
        break;
      case 'Home':
        this.select(0);
        break;
      case 'End':
        this.select(this.options.length - 1);
        break;
      case 'Enter':
        this.events.openSource(this.selected);
        break;
      default:
        return;
    }
    event.preventDefault();
  }
}
