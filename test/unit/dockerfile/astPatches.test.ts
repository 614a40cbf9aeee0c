// The dockerfile-ast prototype patches replace private methods of one version of the dependency:
// this test fails loudly when the installed version changes, and checks the patched parse files
// comments and arguments exactly as dockerfile-ast's own methods do.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DockerfileParser, Instruction as AstInstruction, JSONInstruction, Onbuild } from 'dockerfile-ast';
import { Parser as AstParser } from 'dockerfile-ast/lib/parser';
import { Dockerfile as AstDockerfile } from 'dockerfile-ast/lib/dockerfile';
import { parseDockerfile } from '../../../src/dockerfile/context';
import {
  appliedAstPatches, createRangeInline, lineOffsetsShared, offsetAtInlined, plainPropertyValue, originalAstMethods, PATCHED_DOCKERFILE_AST_VERSION, positionAtFromLastLine, tokeniseBySlices,
} from '../../../src/dockerfile/astPatches';
import { TextIndex } from '../../../src/dockerfile/rules/kit/text';
import { buildkitCases } from './agreement/buildkit';
import { Range as LspRange } from 'vscode-languageserver-types';
import { hadolintCases } from './agreement/hadolint';

const SAMPLE = [
  '# syntax=docker/dockerfile:1',
  'ARG BASE=node:20',
  '# before the first stage',
  'FROM ${BASE} AS build',
  '# inside build',
  'RUN --mount=type=cache,target=/root/.npm npm ci && \\',
  '    # a comment inside a continuation',
  '    npm run build',
  'COPY --from=build --chown=1:1 ["a b", "/c"]',
  'RUN <<EOF',
  'echo "# not a comment"',
  'EOF',
  'FROM alpine:3.20',
  '# in the final stage',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

interface Commented {
  getComments(): Array<{ getContent(): string }>;
}

/** What the parse produced, in plain data: each stage's comments and each instruction's words. */
function shapeOf(text: string): unknown {
  const dockerfile = DockerfileParser.parse(text);
  // The fields organizeComments fills (private in dockerfile-ast).
  const filed = dockerfile as unknown as { initialInstructions: Commented; buildStages: Commented[] };
  const contents = (template: Commented): string[] => template.getComments().map((comment) => comment.getContent());
  return {
    initial: contents(filed.initialInstructions),
    stages: filed.buildStages.map(contents),
    comments: dockerfile.getComments().map((comment) => [comment.getRange().start.line, comment.getContent()]),
    words: dockerfile.getInstructions().map((instruction) => [
      instruction.getKeyword(),
      instruction.getArguments().map((argument) => [argument.getValue(), argument.getRange()]),
    ]),
  };
}

/** Random whole numbers below `n`, the same sequence for a seed. */
function seededRandom(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
}

/** A random text of up to 60 pieces: words, blanks and every kind of line end. */
function lineEndsText(random: (n: number) => number): string {
  const pieces = ['a', 'bc', ' ', '\n', '\r\n', '\r', '\n\n', '\r\r\n'];
  let text = '';
  const length = random(60);
  for (let i = 0; i < length; i++) text += pieces[random(pieces.length)];
  return text;
}

/** What `read` returns with these methods put back to dockerfile-ast's own; the patches come back after. */
function unpatched<T>(swaps: ReadonlyArray<[target: object, method: string, original: unknown]>, read: () => T): T {
  const slots = swaps.map(([target, method]) => [target as Record<string, unknown>, method] as const);
  const patched = slots.map(([target, method]) => target[method]);
  swaps.forEach(([, , original], i) => { slots[i][0][slots[i][1]] = original; });
  try {
    return read();
  } finally {
    slots.forEach(([target, method], i) => { target[method] = patched[i]; });
  }
}

describe('dockerfile-ast patches', () => {
  it('are written for the installed dockerfile-ast version (update and re-check them when it changes)', () => {
    const installed = JSON.parse(readFileSync(require.resolve('dockerfile-ast/package.json'), 'utf8')) as { version: string };
    assert.equal(
      installed.version,
      PATCHED_DOCKERFILE_AST_VERSION,
      `dockerfile-ast is ${installed.version}, the patches in src/dockerfile/astPatches.ts were written for ` +
        `${PATCHED_DOCKERFILE_AST_VERSION}: check the patched private methods still exist and behave the same, then update the version`,
    );
  });

  it('both take effect on the first parse (neither target method went missing)', () => {
    parseDockerfile('FROM scratch\n');
    assert.deepEqual(appliedAstPatches, {
      cachedTokens: true, organizeComments: true, lazyJson: true, positionHint: true, heredocScan: true, leanRanges: true,
      sharedLineStarts: true, instructionRanges: true, commentScan: true,
      plainPropertyValues: true,
    });
    assert.notEqual((AstInstruction.prototype as unknown as Record<string, unknown>).getRawArguments, originalAstMethods.getRawArguments);
    assert.notEqual((AstDockerfile.prototype as unknown as Record<string, unknown>).organizeComments, originalAstMethods.organizeComments);
  });

  it('parse exactly as dockerfile-ast does unpatched: same comments per stage, same words', () => {
    parseDockerfile('FROM scratch\n');
    const patched = shapeOf(SAMPLE) as { stages: string[][] };
    assert.deepEqual(patched.stages, [['inside build', 'a comment inside a continuation'], ['in the final stage']]);
    assert.deepEqual(patched, unpatched([
      [AstInstruction.prototype, 'getRawArguments', originalAstMethods.getRawArguments],
      [AstDockerfile.prototype, 'organizeComments', originalAstMethods.organizeComments],
    ], () => shapeOf(SAMPLE)));
  });

  it('tokenise every upstream case and random texts exactly as dockerfile-ast does (values and ranges)', () => {
    // The original tokeniser against the one that slices words: on the instructions of each text.
    const original = originalAstMethods.getRawArguments as (this: unknown) => unknown;
    const compare = (text: string): void => {
      for (const instruction of DockerfileParser.parse(text).getInstructions()) {
        const words = (tokens: unknown): unknown =>
          (tokens as Array<{ getValue(): string; getRange(): unknown }>).map((token) => [token.getValue(), token.getRange()]);
        assert.deepEqual(words(tokeniseBySlices.call(instruction as never)), words(original.call(instruction)), JSON.stringify(text));
      }
    };
    for (const upstream of [...hadolintCases, ...buildkitCases]) compare(upstream.dockerfile);
    compare(SAMPLE);
    // Long words, which the tokeniser takes in one step up to the next whitespace or escape character.
    compare('FROM x\nRUN apt-get#x --no-install=a,b#c \\\n  abc\\def`g  #h\n  # note\n  ij\\ kl$m\\$n\tlast\\');
    compare('# escape=`\nFROM x\nRUN abc\\def`ghi `\n  #c\n  jk`` lm`\r\n no#p\r\n');
    // Random texts over the characters the tokeniser decides on, both escape characters.
    const random = seededRandom(11);
    const alphabet = [' ', '\t', '\n', '\r\n', '\r', '\\', '`', '$', '#', 'a', 'b', '"', "'", '=', '-', '[', 'RUN '];
    for (let n = 0; n < 3000; n++) {
      const directive = random(4) === 0 ? '# escape=`\n' : '';
      let body = '';
      const length = 1 + random(40);
      for (let i = 0; i < length; i++) body += alphabet[random(alphabet.length)];
      compare(`${directive}FROM x\nRUN ${body}\nCOPY ${body} /y\n`);
    }
  });

  it('read exec-form brackets and strings lazily, exactly as the eager parse does', () => {
    parseDockerfile('FROM scratch\n');
    type JsonParts = { getOpeningBracket(): unknown; getJSONStrings(): unknown[]; getClosingBracket(): unknown };
    const parts = (text: string): unknown[] => {
      const instructions = DockerfileParser.parse(text).getInstructions();
      const triggers = instructions.flatMap((i) => (i instanceof Onbuild && i.getTriggerInstruction() ? [i.getTriggerInstruction()] : []));
      const shape = (argument: unknown): unknown => {
        if (argument === null) return null;
        const a = argument as { getValue(): string; getRange(): unknown; getJSONValue?(): string; getJSONRange?(): unknown };
        return [a.getValue(), a.getRange(), a.getJSONValue?.(), a.getJSONRange?.()];
      };
      return [...instructions, ...triggers].map((instruction) => {
        if (!(instruction instanceof JSONInstruction)) return [instruction?.getKeyword(), instruction?.constructor.name];
        const json = instruction as unknown as JsonParts;
        // Arguments first on some, brackets first on others: the order must not matter.
        const args = instruction.getArguments().map(shape);
        return [
          instruction.constructor.name, args, shape(json.getClosingBracket()), json.getJSONStrings().map(shape),
          shape(json.getOpeningBracket()),
        ];
      });
    };
    const compare = (text: string): void => {
      const eager = unpatched([[AstParser, 'createInstruction', originalAstMethods.createInstruction]], () => parts(text));
      assert.deepEqual(parts(text), eager, JSON.stringify(text));
    };
    const forms = [
      'COPY ["a", "b"]', 'COPY --chown=1:1 []', 'COPY --from=x [ ]', 'ADD --chmod=644 [ "a b", "c" ]', 'RUN --mount=type=cache,target=/x ["a"]',
      'RUN ["a", "b\\"c", "d\\\\"]', 'CMD [ "a" , "b" ] x', 'VOLUME ["/a", \\\n "/b"]', 'ENTRYPOINT ["a", \\ \n "b"]', 'SHELL ["pwsh", "-c"]',
      'ONBUILD COPY ["a", "b"]', 'ONBUILD RUN ["x"]', 'COPY [', 'COPY ["a"', 'RUN [ ]', 'COPY \\\n [ "a",\r\n "b" ]', 'CMD []', 'CMD [ ] ]',
      'HEALTHCHECK CMD ["a"]', 'STOPSIGNAL [x]', 'USER ["a"]', 'RUN echo [ "a" ]',
    ];
    compare(forms.map((form) => `FROM x\n${form}\n`).join(''));
    compare(`# escape=\`\nFROM x\nCOPY [ "a", \`\n "b" ]\nRUN ["a\`"b"]\n`);
    for (const upstream of [...hadolintCases, ...buildkitCases]) compare(upstream.dockerfile);
    compare(SAMPLE);
    const random = seededRandom(7);
    const alphabet = [' ', '\t', '\n', '\r\n', '\\', '`', '"', ',', '[', ']', 'a', '--x=1 ', '#', '\\"', '[]'];
    for (let n = 0; n < 2000; n++) {
      let body = '';
      const length = 1 + random(30);
      for (let i = 0; i < length; i++) body += alphabet[random(alphabet.length)];
      const keyword = ['COPY', 'RUN', 'CMD', 'ADD', 'ONBUILD COPY'][random(5)];
      compare(`${random(4) === 0 ? '# escape=`\n' : ''}FROM x\n${keyword} ${body}\n`);
    }
  });

  it('find instructions, heredocs and comments exactly as the unpatched argument and comment scans do', () => {
    parseDockerfile('FROM scratch\n');
    type HeredocLike = { getName(): string; getNameRange(): unknown; getContentRange(): unknown; getDelimiterRange(): unknown };
    const parsed = (text: string): unknown => {
      const dockerfile = DockerfileParser.parse(text);
      return {
        shape: shapeOf(text),
        instructions: dockerfile.getInstructions().map((instruction) => [
          instruction.getRange(), instruction.getInstructionRange(),
          ((instruction as unknown as { getHeredocs?(): HeredocLike[] }).getHeredocs?.() ?? [])
            .map((heredoc) => [heredoc.getName(), heredoc.getNameRange(), heredoc.getContentRange(), heredoc.getDelimiterRange()]),
        ]),
        comments: dockerfile.getComments().map((comment) => comment.getRange()),
      };
    };
    const compare = (text: string): void => {
      const original = unpatched([
        [AstParser.prototype, 'processArguments', originalAstMethods.processArguments],
        [AstParser.prototype, 'processComment', originalAstMethods.processComment],
      ], () => parsed(text));
      assert.deepEqual(parsed(text), original, JSON.stringify(text));
    };
    for (const upstream of [...hadolintCases, ...buildkitCases]) compare(upstream.dockerfile);
    compare(SAMPLE);
    compare('FROM x\nRUN cat <\\\n<EOF\nhi\nEOF\nCOPY <<a <<-b /x\n1\na\n\t2\n\tb\nONBUILD RUN <<X\ny\nX\n');
    // Long stretches without a line end or escape character, which the scan skips in one search.
    compare('FROM x\nRUN a long # not a comment \\\n  # a comment\n  b \\  \n  c \\\\ d \\a e\r\nENV f=g\\\r\n h=i\nRUN last');
    compare('# escape=`\nFROM x\nRUN a \\ b `\n  # c\n  d `` e `\r\n f\nRUN g`');
    compare('# a\r\n#\n# b\rFROM x # not\n  # c \\\nRUN d \\\n # e\r\n f\n# last');
    const random = seededRandom(13);
    const alphabet = [' ', '\t', '\n', '\r\n', '\r', '\\', '`', '<', '<<', '<<-', 'EOF', '\nEOF\n', '#', 'a', '"', '-'];
    for (let n = 0; n < 3000; n++) {
      let body = '';
      const length = 1 + random(40);
      for (let i = 0; i < length; i++) body += alphabet[random(alphabet.length)];
      const keyword = ['RUN', 'COPY', 'ADD', 'ONBUILD RUN', 'ENV', 'CMD'][random(6)];
      compare(`${random(4) === 0 ? '# escape=`\n' : ''}FROM x\n${keyword} ${body}\nRUN b\n`);
    }
  });

  it('answer positions from the last line exactly as the text document does (any order, any line ends)', () => {
    parseDockerfile('FROM scratch\n');
    type LineDocument = { positionAt(offset: number): unknown; stevedoreLine?: number };
    const original = originalAstMethods.positionAt as unknown as (this: LineDocument, offset: number) => unknown;
    const random = seededRandom(5);
    for (let n = 0; n < 300; n++) {
      const text = lineEndsText(random);
      const document = (DockerfileParser.parse(text) as unknown as { document: LineDocument }).document;
      const offsets: number[] = [];
      for (let i = -2; i <= text.length + 2; i++) offsets.push(i);
      for (let i = 0; i < 40; i++) offsets.push(random(text.length + 5) - 2, NaN, 0.5 + random(text.length + 1));
      offsets.push(...[...offsets].reverse());
      // Strings too: the original converts them in Math.min.
      offsets.push(-0, Infinity, -Infinity, '3' as unknown as number, undefined as unknown as number);
      for (const offset of offsets) {
        assert.deepEqual(positionAtFromLastLine.call(document as never, offset), original.call(document, offset), `${JSON.stringify(text)} at ${offset}`);
      }
      assert.equal(document.positionAt, positionAtFromLastLine);
    }
  });

  it('answer offsets exactly as the text document does (any position, any line ends)', () => {
    parseDockerfile('FROM scratch\n');
    type LineDocument = { offsetAt(position: unknown): number };
    const original = originalAstMethods.offsetAt as unknown as (this: LineDocument, position: unknown) => number;
    const random = seededRandom(17);
    const odd = [-1, -0, 0.5, 1.5, NaN, Infinity, -Infinity, '1', '', null, undefined, true];
    for (let n = 0; n < 300; n++) {
      const text = lineEndsText(random);
      const document = (DockerfileParser.parse(text) as unknown as { document: LineDocument }).document;
      const lines = text.split(/\r\n|\r|\n/).length;
      const positions: unknown[] = [];
      for (let line = -1; line <= lines + 1; line++) {
        for (let character = -1; character <= 8; character++) positions.push({ line, character });
      }
      for (let i = 0; i < 20; i++) {
        positions.push(
          { line: odd[random(odd.length)], character: random(5) }, { line: random(lines), character: odd[random(odd.length)] },
          { line: random(lines + 2), character: random(12) + 0.5 },
        );
      }
      for (const position of positions) {
        assert.deepEqual(
          offsetAtInlined.call(document as never, position as never), original.call(document, position),
          `${JSON.stringify(text)} at ${JSON.stringify(position)}`,
        );
      }
      assert.equal(document.offsetAt, offsetAtInlined);
    }
  });

  it('create ranges exactly as vscode-languageserver-types does, errors included, in the instance dockerfile-ast calls', () => {
    parseDockerfile('FROM scratch\n');
    // dockerfile-ast must resolve the same copy of the package as src/dockerfile/astPatches.ts.
    const fromAst = require.resolve('vscode-languageserver-types', { paths: [require.resolve('dockerfile-ast')] });
    assert.equal(fromAst, require.resolve('vscode-languageserver-types'));
    assert.equal(LspRange.create, createRangeInline);
    const original = originalAstMethods.createRange as (...args: unknown[]) => unknown;
    const outcome = (create: (...args: unknown[]) => unknown, args: unknown[]): unknown => {
      try {
        return { value: create(...args) };
      } catch (error) {
        return { error: String(error) };
      }
    };
    const numbers = [0, 1, 7, -1, -0, 0.5, 2147483647, 2147483648, Number.MAX_VALUE, NaN, Infinity, '1', null, undefined];
    const random = seededRandom(19);
    const pick = (): unknown => numbers[random(numbers.length)];
    const anything = (): unknown => {
      switch (random(6)) {
        case 0: return { line: pick(), character: pick() };
        case 1: return { line: random(9), character: random(9) };
        case 2: return { line: random(3) };
        case 3: return null;
        case 4: return Object.assign(Object.create(null) as object, { line: 1, character: 2 });
        default: return pick();
      }
    };
    for (let n = 0; n < 5000; n++) {
      const args = Array.from({ length: 1 + random(4) }, anything);
      const start = { line: random(9), character: random(9) };
      const end = { line: random(9), character: random(9) };
      for (const call of [args, [start, end], [start, end, undefined, 3], [1, 2, 3, 4], [start, end, 1]]) {
        const lean = outcome(createRangeInline, call) as { value?: { start: unknown; end: unknown } };
        assert.deepEqual(lean, outcome(original, call), JSON.stringify(call));
        if (lean.value && call.length === 2) {
          assert.equal(lean.value.start, call[0]);
          assert.equal(lean.value.end, call[1]);
        }
      }
    }
  });

  it('find line starts exactly as the text document does (any line ends), and share them with TextIndex', () => {
    parseDockerfile('FROM scratch\n');
    type LineDocument = { getLineOffsets(): number[]; _lineOffsets: number[] | undefined };
    const original = originalAstMethods.getLineOffsets as unknown as (this: LineDocument) => number[];
    const random = seededRandom(23);
    const pieces = ['a', 'bc', ' ', '\n', '\r\n', '\r', '\n\n', '\r\r\n', '\n\r'];
    for (let n = 0; n < 500; n++) {
      let text = '';
      const length = random(40);
      for (let i = 0; i < length; i++) text += pieces[random(pieces.length)];
      const document = (DockerfileParser.parse(text) as unknown as { document: LineDocument }).document;
      assert.equal(document.getLineOffsets, lineOffsetsShared);
      document._lineOffsets = undefined;
      const expected = original.call(document);
      document._lineOffsets = undefined;
      assert.deepEqual(lineOffsetsShared.call(document as never), expected, JSON.stringify(text));
      // TextIndex's line starts and lines, as the character loop it had before gave them.
      const index = new TextIndex(text);
      assert.deepEqual(index.lineStarts, expected, JSON.stringify(text));
      assert.deepEqual(index.lines, text.split(/\r\n|\r|\n/), JSON.stringify(text));
      // Its conversions, against the Math.min/Math.max forms they replace, in any order.
      const offsets = [-2, -1, -0, 0.5, NaN, Infinity, -Infinity];
      for (let i = 0; i <= text.length + 2; i++) offsets.push(i, random(text.length + 4) - 2);
      for (const offset of offsets) {
        const clamped = Math.max(0, Math.min(offset, text.length));
        let line = 0;
        while (line + 1 < expected.length && expected[line + 1] <= clamped) line++;
        const character = Math.min(clamped - expected[line], index.lines[line].length);
        assert.deepEqual(index.positionAt(offset), { line, character }, `${JSON.stringify(text)} at ${offset}`);
      }
      for (let line = -1; line <= expected.length; line++) {
        for (const character of [-1, -0, 0, 1, 2, 0.5, 5, 40, NaN, Infinity]) {
          const offset = line >= expected.length ? text.length : line < 0 ? 0
            : expected[line] + Math.max(0, Math.min(character, index.lines[line].length));
          assert.equal(index.offsetAt({ line, character }), offset, `${JSON.stringify(text)} at ${line}:${character}`);
        }
      }
    }
  });

  it('create instructions of the same classes and ranges as dockerfile-ast does unpatched', () => {
    parseDockerfile('FROM scratch\n');
    const shape = (text: string): unknown => DockerfileParser.parse(text).getInstructions().map((instruction) => [
      instruction.constructor.name, instruction.getKeyword(), instruction.getRange(), instruction.getInstructionRange(),
      instruction.getArguments().map((argument) => [argument.getValue(), argument.getRange()]),
    ]);
    const compare = (text: string): void => {
      const original = unpatched([
        [AstParser.prototype, 'createInstruction', originalAstMethods.createInstructionAt],
        [AstParser, 'createInstruction', originalAstMethods.createInstruction],
      ], () => shape(text));
      assert.deepEqual(shape(text), original, JSON.stringify(text));
    };
    const keywords = [
      'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD',
      'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'onbuild', 'Env', 'from', 'UNKNOWN', 'RU\\\nN', 'FROM\\',
    ];
    compare(keywords.map((keyword) => `${keyword} a=b c\n`).join(''));
    compare(`FROM x\r\nRUN a \\\r\n  b\r\n\r\nONBUILD ADD c d\rUSER e`);
    for (const upstream of [...hadolintCases, ...buildkitCases]) compare(upstream.dockerfile);
    compare(SAMPLE);
  });

  it('read property names and values exactly as dockerfile-ast does (Property.getValue)', () => {
    parseDockerfile('FROM scratch\n');
    const original = originalAstMethods.propertyValue as (value: string, escapeChar: string) => string;
    const random = seededRandom(29);
    const alphabet = [' ', '\t', '\n', '\r\n', '\r', '\\', '`', '#', 'a', 'b', '"', "'", '=', '$', '{', '}', '/', '-'];
    const fixed = ['', 'production', '/tmp/cache', 'a b', ' a', 'a\\b', 'a`b', '"a b"', "'a'", 'a"', '#a', 'a#b', 'a\\\n b'];
    for (const escapeChar of ['\\', '`', 'x']) {
      for (const value of fixed) assert.equal(plainPropertyValue(value, escapeChar), original(value, escapeChar), JSON.stringify(value));
      for (let n = 0; n < 3000; n++) {
        let value = '';
        const length = random(12);
        for (let i = 0; i < length; i++) value += alphabet[random(alphabet.length)];
        assert.equal(plainPropertyValue(value, escapeChar), original(value, escapeChar), `${JSON.stringify(value)} ${escapeChar}`);
      }
    }
  });
});
