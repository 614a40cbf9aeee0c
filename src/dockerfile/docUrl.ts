// Where each rule's page lives: docs/rules/CODE.md in the repository. Its own module so the
// compose rules (and every bundle that resolves compose files) link to the pages without pulling
// in the Dockerfile engine; only package.json's `repository` is bundled, not the whole manifest.
import { repository } from '../../package.json';

const repositoryBase = String((repository as { url?: string } | undefined)?.url ?? '')
  .replace(/^git\+/, '')
  .replace(/\.git$/, '');

const docUrls = new Map<string, string>();

/** The rule's page in the repository: docs/rules/CODE.md. */
export function docUrl(code: string): string {
  let url = docUrls.get(code);
  if (url === undefined) {
    url = `${repositoryBase}/blob/main/docs/rules/${encodeURIComponent(code)}.md`;
    if (docUrls.size < 1000) docUrls.set(code, url);
  }
  return url;
}
