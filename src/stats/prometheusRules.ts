// Prometheus alert rules and scrape jobs from Stevedore's thresholds (`stevedore.stats.thresholds`),
// written against cAdvisor's metric names so they work on cAdvisor and on `stevedore exporter` alike.
// The levels are the view's: warning at or above `warning`, critical above `critical`; CPU % as
// docker stats shows it (100 = one core), relative to the container's CPU limit when it has one;
// memory as % of the limit (working set, docker stats' MEM USAGE), only for containers with a limit.
import { stringify } from 'yaml';
import { CADVISOR, COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL } from './cadvisor';
import type { Thresholds } from './types';

export interface PrometheusRulesOptions {
  thresholds: Thresholds;
  /** One rule group per compose project; empty: one group for the containers of every compose project. */
  projects: string[];
  /** How long a level must hold before the alert fires (Prometheus duration, e.g. `1m`). */
  forDuration: string;
  /** The rate() window for CPU (Prometheus duration; at least 4 scrape intervals, e.g. `1m` at 15 s). */
  rateWindow: string;
}

export interface PrometheusRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PrometheusRuleGroup {
  name: string;
  rules: PrometheusRule[];
}

const DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;

/** True for a Prometheus duration such as `30s`, `1m`, `1h30m` (and not an empty string). */
export function isPrometheusDuration(value: string): boolean {
  return value !== '' && DURATION.test(value) && /[1-9]/.test(value);
}

/** A PromQL string literal: backslashes and double quotes escaped, newlines written as \n. */
export function promqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Per container and host: what an alert names, and what two engines running the same project keep apart. */
const BY = `${COMPOSE_PROJECT_LABEL}, ${COMPOSE_SERVICE_LABEL}, name, instance`;

function selector(project: string | undefined): string {
  const match = project === undefined ? `${COMPOSE_PROJECT_LABEL}!=""` : `${COMPOSE_PROJECT_LABEL}=${promqlString(project)}`;
  // name!="" leaves out cgroups that are not containers (cAdvisor also reports /, /docker, system slices).
  return `{${match}, name!=""}`;
}

/** CPU use in %: of one core (docker stats), or of the CPU limit (quota / period) where one is set. */
export function cpuUseExpr(project: string | undefined, rateWindow: string): string {
  const sel = selector(project);
  const used = `sum by (${BY}) (rate(${CADVISOR.cpuUsage}${sel}[${rateWindow}]))`;
  const limit = `(sum by (${BY}) (${CADVISOR.cpuQuota}${sel}) / sum by (${BY}) (${CADVISOR.cpuPeriod}${sel}))`;
  return `(\n  ${used}\n    / on (${BY}) ${limit}\n  or\n  ${used}\n) * 100`;
}

/** Memory in % of the container's limit (working set over limit), only where a limit is set. */
export function memoryUseExpr(project: string | undefined): string {
  const sel = selector(project);
  const used = `sum by (${BY}) (${CADVISOR.memoryWorkingSet}${sel})`;
  const limit = `sum by (${BY}) (${CADVISOR.memoryLimit}${sel} > 0)`;
  return `${used}\n  / ${limit}\n  * 100`;
}

const SERVICE = `{{ $labels.${COMPOSE_SERVICE_LABEL} }}`;
const WHERE = `{{ $labels.name }} on {{ $labels.instance }}`;

interface RuleInput {
  metric: 'cpu' | 'memory';
  level: 'warning' | 'critical';
  expr: string;
  bound: number;
  project: string | undefined;
}

function rule({ metric, level, expr, bound, project }: RuleInput, options: PrometheusRulesOptions): PrometheusRule {
  const comparison = level === 'warning' ? '>=' : '>';
  const what = metric === 'cpu' ? 'CPU' : 'Memory';
  const of = metric === 'cpu' ? 'of one core, or of its CPU limit' : 'of its memory limit';
  return {
    alert: `Stevedore${what}${level === 'warning' ? 'Warning' : 'Critical'}`,
    expr: `${expr} ${comparison} ${bound}`,
    for: options.forDuration,
    // The project as a rule label too: the same alert in two projects' groups stays two rules (promtool's lint).
    labels: { severity: level, ...(project === undefined ? {} : { [COMPOSE_PROJECT_LABEL]: project }) },
    annotations: {
      summary: `${what} of service ${SERVICE} at {{ $value | printf "%.0f" }}% (${level} ${comparison === '>=' ? 'from' : 'above'} ${bound}%)`,
      description: `${WHERE} has used {{ $value | printf "%.1f" }}% ${of} for ${options.forDuration} (Stevedore's ${level} level: ${comparison} ${bound}%).`,
    },
  };
}

export function prometheusRuleGroups(options: PrometheusRulesOptions): PrometheusRuleGroup[] {
  const projects: (string | undefined)[] = options.projects.length ? [...new Set(options.projects)] : [undefined];
  const { cpu, memory } = options.thresholds;
  return projects.map((project) => {
    const cpuExpr = cpuUseExpr(project, options.rateWindow);
    const memoryExpr = memoryUseExpr(project);
    return {
      name: project === undefined ? 'stevedore-compose' : `stevedore-compose-${project}`,
      rules: [
        rule({ metric: 'cpu', level: 'warning', expr: cpuExpr, bound: cpu.warning, project }, options),
        rule({ metric: 'cpu', level: 'critical', expr: cpuExpr, bound: cpu.critical, project }, options),
        rule({ metric: 'memory', level: 'warning', expr: memoryExpr, bound: memory.warning, project }, options),
        rule({ metric: 'memory', level: 'critical', expr: memoryExpr, bound: memory.critical, project }, options),
      ],
    };
  });
}

const HEADER = (lines: string[]) => lines.map((line) => `# ${line}`).join('\n') + '\n';

/** A rules file (`rule_files:` in prometheus.yml; `promtool check rules FILE`). */
export function prometheusRulesYaml(options: PrometheusRulesOptions): string {
  const { cpu, memory } = options.thresholds;
  return (
    HEADER([
      'Prometheus alert rules written by `stevedore export prometheus-rules` from stevedore.stats.thresholds',
      `(CPU warning ${cpu.warning}% / critical ${cpu.critical}%, memory warning ${memory.warning}% / critical ${memory.critical}% of the limit).`,
      "cAdvisor's metric names: they work on cAdvisor and on `stevedore exporter` alike.",
    ]) + stringify({ groups: prometheusRuleGroups(options) }, { lineWidth: 0 })
  );
}

export interface ScrapeConfigOptions {
  jobName: string;
  /** host:port of each exporter. */
  targets: string[];
  /** Prometheus duration, e.g. `15s`. */
  scrapeInterval: string;
  /** Also write `global` and `rule_files` for a complete prometheus.yml. */
  full?: { ruleFiles: string[] };
}

/** The scrape job(s) for `stevedore exporter`, as a `scrape_configs:` block or a complete prometheus.yml. */
export function scrapeConfigYaml(options: ScrapeConfigOptions): string {
  const job = {
    job_name: options.jobName,
    scrape_interval: options.scrapeInterval,
    metrics_path: '/metrics',
    static_configs: [{ targets: options.targets }],
  };
  const document = options.full
    ? {
        global: { scrape_interval: options.scrapeInterval, evaluation_interval: options.scrapeInterval },
        ...(options.full.ruleFiles.length ? { rule_files: options.full.ruleFiles } : {}),
        scrape_configs: [job],
      }
    : { scrape_configs: [job] };
  return HEADER(['Scrape job for `stevedore exporter`, written by `stevedore export scrape-config`.']) + stringify(document, { lineWidth: 0 });
}
