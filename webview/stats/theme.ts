// Canvas cannot read CSS variables, so chart colours are resolved from the theme when drawing and
// again whenever VS Code switches theme (it changes the body's class).

export interface ChartColours {
  cpu: string;
  memory: string;
  warning: string;
  critical: string;
  axis: string;
  grid: string;
  foreground: string;
}

function cssVariable(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

let cached: ChartColours | undefined;

export function chartColours(): ChartColours {
  cached ??= {
    cpu: cssVariable('--vscode-charts-blue', cssVariable('--vscode-foreground', '#3794ff')),
    memory: cssVariable('--vscode-charts-purple', cssVariable('--vscode-foreground', '#b180d7')),
    warning: cssVariable('--vscode-charts-yellow', cssVariable('--vscode-editorWarning-foreground', '#cca700')),
    critical: cssVariable('--vscode-charts-red', cssVariable('--vscode-errorForeground', '#f14c4c')),
    axis: cssVariable('--vscode-descriptionForeground', cssVariable('--vscode-foreground', '#888888')),
    grid: cssVariable('--vscode-editorWidget-border', cssVariable('--vscode-panel-border', '#80808040')),
    foreground: cssVariable('--vscode-foreground', '#cccccc'),
  };
  return cached;
}

/** Call `onChange` after VS Code switches between light, dark and high-contrast themes. */
export function onThemeChange(onChange: () => void): void {
  new MutationObserver(() => {
    cached = undefined;
    onChange();
  }).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
}
