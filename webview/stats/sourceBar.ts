// Prometheus source: the bar above the table (range picker, and the namespace picker for Kubernetes)
// and the hosts header (each host's CPUs and memory, and Node Exporter's CPU use and available
// memory where it is scraped). Names go in as text only.
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { VscodeRadio } from '@vscode-elements/elements/dist/vscode-radio/vscode-radio.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import { RANGE_WORDS, VIEW_RANGES, type ViewHost, type ViewRange, type ViewSource } from '../../src/shared/protocol/stats';
import { el } from '../common/bridge';
import { formatMemory, formatPercent } from './format';

export interface SourceBarEvents {
  range(range: ViewRange): void;
  namespace(namespace: string): void;
  announce(text: string): void;
}

export class SourceBar {
  /** The bar: hidden in engine mode. */
  readonly element: HTMLElement;
  private readonly radios = new Map<ViewRange, VscodeRadio>();
  private readonly rangeGroup: HTMLElement;
  private readonly namespaceLabel: HTMLElement;
  private readonly namespaceSelect: VscodeSingleSelect;
  private readonly origin: HTMLElement;
  private readonly hostsList: HTMLElement;
  private range: ViewRange = '1h';
  private namespaces: string[] = [];
  private namespace: string | undefined;

  constructor(private readonly events: SourceBarEvents) {
    for (const range of VIEW_RANGES) {
      const radio = el('vscode-radio', { name: 'history-range', value: range, label: RANGE_WORDS[range] }) as VscodeRadio;
      radio.setAttribute('aria-label', `Last ${RANGE_WORDS[range]}`);
      this.radios.set(range, radio);
    }
    this.rangeGroup = el('vscode-radio-group', { 'aria-label': 'History range of the charts', class: 'range-picker' }, ...this.radios.values());
    // The group moves its check with the arrow keys without always firing change: read it back after keys too.
    for (const type of ['change', 'click', 'keyup']) this.rangeGroup.addEventListener(type, () => this.syncRange());
    this.namespaceSelect = el('vscode-single-select', { 'aria-label': 'Kubernetes namespace', class: 'namespace-picker' }) as VscodeSingleSelect;
    this.namespaceSelect.addEventListener('change', () => {
      const value = this.namespaceSelect.value;
      if (value && value !== this.namespace) {
        this.namespace = value;
        this.events.namespace(value);
      }
    });
    this.namespaceLabel = el('span', { class: 'bar-label' }, 'Namespace');
    this.origin = el('span', { class: 'origin' });
    this.hostsList = el('ul', { class: 'hosts', 'aria-label': 'Hosts' });
    this.element = el('div', { class: 'source-bar', hidden: '' },
      el('div', { class: 'bar-row' },
        el('span', { class: 'bar-label' }, 'History'), this.rangeGroup,
        this.namespaceLabel, this.namespaceSelect),
      el('div', { class: 'bar-row' }, el('span', { class: 'codicon codicon-database', 'aria-hidden': 'true' }), this.origin),
      this.hostsList);
  }

  get currentRange(): ViewRange {
    return this.range;
  }

  show(view: ViewSource): void {
    this.element.hidden = view.source !== 'prometheus';
    if (view.source !== 'prometheus') return;
    this.range = view.range;
    for (const [range, radio] of this.radios) {
      if (radio.checked !== (range === view.range)) radio.checked = range === view.range;
    }
    this.origin.textContent = view.kubernetes
      ? `Prometheus at ${view.url}: Kubernetes pods by workload`
      : `Prometheus at ${view.url}: every host that reports this project`;
    this.namespaceLabel.hidden = !view.kubernetes;
    this.namespaceSelect.hidden = !view.kubernetes;
    if (view.kubernetes) this.showNamespaces(view.namespaces ?? [], view.namespace);
  }

  private showNamespaces(namespaces: string[], current: string | undefined): void {
    const list = current && !namespaces.includes(current) ? [current, ...namespaces] : namespaces;
    if (list.join('\n') !== this.namespaces.join('\n')) {
      this.namespaces = list;
      this.namespaceSelect.replaceChildren(...list.map((name) => el('vscode-option', { value: name }, name)));
    }
    this.namespace = current;
    if (current && this.namespaceSelect.value !== current) this.namespaceSelect.value = current;
  }

  private syncRange(): void {
    const checked = [...this.radios].find(([, radio]) => radio.checked)?.[0];
    if (!checked || checked === this.range) return;
    this.range = checked;
    this.events.announce(`Charts show the last ${RANGE_WORDS[checked]}; loading from Prometheus`);
    this.events.range(checked);
  }

  /** One line per host: "host-a · 8 CPUs · 15.6GiB · CPU 12% · 9.1GiB available · 3 replicas". */
  showHosts(hosts: ViewHost[]): void {
    const items = hosts.map((host) => {
      const facts: string[] = [];
      if (host.cpuCount !== undefined) facts.push(`${host.cpuCount} CPU${host.cpuCount === 1 ? '' : 's'}`);
      if (host.memoryBytes !== undefined) facts.push(`${formatMemory(host.memoryBytes)} memory`);
      if (host.cpuUsePercent !== undefined) facts.push(`CPU use ${formatPercent(host.cpuUsePercent)}`);
      if (host.memoryAvailableBytes !== undefined) facts.push(`${formatMemory(host.memoryAvailableBytes)} available`);
      facts.push(`${host.replicas} replica${host.replicas === 1 ? '' : 's'}`);
      const engine = host.engineReachable ? 'engine reachable' : 'engine not reachable from here';
      return el('li', { class: `host${host.engineReachable ? ' reachable' : ''}` },
        el('span', { class: 'codicon codicon-server', 'aria-hidden': 'true' }),
        el('span', { class: 'host-name' }, host.host),
        el('span', { class: 'host-facts' }, facts.join(' · ')),
        el('span', { class: `codicon codicon-${host.engineReachable ? 'plug' : 'debug-disconnect'}`, title: engine, 'aria-label': engine, role: 'img' }));
    });
    const text = items.map((item) => `${item.textContent ?? ''}|${item.className}`).join('\n');
    if (this.hostsList.dataset.text !== text) {
      this.hostsList.dataset.text = text;
      this.hostsList.replaceChildren(...items);
    }
  }

  /** The header's text (where the numbers come from, and the hosts), for the extension test's snapshot. */
  text(): string {
    if (this.element.hidden) return '';
    const hosts = [...this.hostsList.children].map((item) => (item.textContent ?? '') + (item.querySelector('[aria-label]')?.getAttribute('aria-label') ?? ''));
    return [this.origin.textContent ?? '', ...hosts].join(' | ').replace(/\s+/g, ' ').trim();
  }
}
