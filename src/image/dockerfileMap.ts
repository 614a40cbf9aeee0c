// Which Dockerfile instruction made each layer: history commands matched to the instructions of
// the final stage (and the stages it builds FROM), walking both from the end.
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import type { ImageAnalysis } from './types';

interface Signature {
  keyword: string;
  /** RUN: the command text; COPY/ADD: the destination; others: the arguments. */
  text: string;
}

const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

function squash(text: string): string {
  return text.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
}

/** What a history `created_by` says, whichever builder wrote it. */
export function commandSignature(createdBy: string): Signature {
  let text = createdBy.trim().replace(/ # buildkit$/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s*/;
  if (nop.test(text)) {
    text = text.replace(nop, '');
    const [keyword, ...rest] = text.split(/\s+/);
    const args = rest.join(' ');
    if (keyword === 'COPY' || keyword === 'ADD') {
      const match = / in (.+)$/.exec(args);
      return { keyword, text: normaliseDestination(match ? match[1] : rest[rest.length - 1] ?? '') };
    }
    return { keyword, text: squash(args) };
  }
  // Classic builder's RUN with build args: "|2 A=1 B=2 /bin/sh -c ..."
  text = text.replace(/^\|\d+\s+(?:\S+=\S*\s+)*/, '');
  const keyword = /^(RUN|COPY|ADD|WORKDIR)\s/.exec(text)?.[1];
  if (keyword === 'COPY' || keyword === 'ADD') {
    const parts = text.split(/\s+/);
    return { keyword, text: normaliseDestination(parts[parts.length - 1]) };
  }
  if (keyword) text = text.slice(keyword.length).trim();
  if (keyword === 'WORKDIR') return { keyword, text: squash(text) };
  if (text.startsWith('/bin/sh -c ')) text = text.slice('/bin/sh -c '.length);
  return { keyword: 'RUN', text: squash(text) };
}

function normaliseDestination(dest: string): string {
  return dest.trim().replace(/\/+$/, '') || '/';
}

function instructionSignature(instruction: Instruction): Signature {
  const keyword = instruction.getKeyword().toUpperCase();
  const content = instruction.getArgumentsContent() ?? '';
  if (keyword === 'RUN') {
    const trimmed = content.trim();
    if (trimmed.startsWith('[')) {
      try {
        const argv = JSON.parse(trimmed) as unknown;
        if (Array.isArray(argv)) return { keyword, text: squash(argv.map(String).join(' ')) };
      } catch {
        /* not JSON: the shell form */
      }
    }
    const withoutFlags = trimmed.replace(/^(--\S+\s+)+/, '');
    return { keyword, text: squash(withoutFlags) };
  }
  if (keyword === 'COPY' || keyword === 'ADD') {
    const args = instruction.getArguments().map((arg) => arg.getValue());
    return { keyword, text: normaliseDestination(args[args.length - 1] ?? '') };
  }
  return { keyword, text: squash(content) };
}

function strongMatch(layer: Signature, instruction: Signature): boolean {
  if (layer.keyword !== instruction.keyword) return false;
  if (layer.text === instruction.text) return true;
  return layer.keyword === 'RUN' && (layer.text.endsWith(instruction.text) || instruction.text.endsWith(layer.text));
}

/** The instructions whose layers can be in the final image: the final stage and the stages it builds on. */
function layerInstructions(dockerfileText: string): Instruction[] {
  const dockerfile = DockerfileParser.parse(dockerfileText);
  const froms = dockerfile.getFROMs();
  const all = dockerfile.getInstructions();
  if (froms.length === 0) return all.filter((i) => LAYER_KEYWORDS.has(i.getKeyword().toUpperCase()));
  const stageOf = (index: number): Instruction[] => {
    const start = froms[index].getRange().start.line;
    const end = index + 1 < froms.length ? froms[index + 1].getRange().start.line : Number.MAX_SAFE_INTEGER;
    return all.filter((i) => {
      const line = i.getRange().start.line;
      return line > start && line < end && LAYER_KEYWORDS.has(i.getKeyword().toUpperCase());
    });
  };
  const chain: Instruction[][] = [];
  const seen = new Set<number>();
  for (let index = froms.length - 1; index >= 0 && !seen.has(index); ) {
    seen.add(index);
    chain.unshift(stageOf(index));
    const base = froms[index].getImageName()?.toLowerCase();
    const parent = froms.findIndex((from, i) => i < index && from.getBuildStage()?.toLowerCase() === base);
    if (parent < 0) break;
    index = parent;
  }
  return chain.flat();
}

/**
 * Set `source` on each layer of `analysis` that an instruction of the Dockerfile made. Layers of a
 * base image keep no source. Returns the analysis, changed in place.
 */
export function mapLayersToDockerfile(
  analysis: ImageAnalysis,
  dockerfileText: string,
  fileName: string,
): ImageAnalysis {
  const instructions = layerInstructions(dockerfileText);
  const signatures = instructions.map(instructionSignature);
  let next = instructions.length - 1;
  for (let i = analysis.layers.length - 1; i >= 0 && next >= 0; i--) {
    const layer = analysis.layers[i];
    const signature = commandSignature(layer.command.startsWith('RUN ') || /^(COPY|ADD|WORKDIR) /.test(layer.command) ? toCreatedBy(layer.command) : layer.command);
    let found = -1;
    for (let j = next; j >= 0; j--) {
      if (strongMatch(signature, signatures[j])) {
        found = j;
        break;
      }
    }
    if (found < 0 && (signature.keyword === 'COPY' || signature.keyword === 'ADD' || signature.keyword === 'WORKDIR')) {
      for (let j = next; j >= 0; j--) {
        if (signatures[j].keyword === signature.keyword) {
          found = j;
          break;
        }
      }
    }
    if (found < 0) continue;
    layer.source = { file: fileName, line: instructions[found].getRange().start.line + 1 };
    next = found - 1;
  }
  return analysis;
}

/** LayerSummary.command is readable ("RUN x", "COPY file:.. in /d"); turn it back into created_by's shape. */
function toCreatedBy(command: string): string {
  if (command.startsWith('RUN ')) return `/bin/sh -c ${command.slice(4)}`;
  return `/bin/sh -c #(nop) ${command}`;
}
