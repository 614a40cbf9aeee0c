// An esbuild plugin for the `yaml` package: its CST parser reads `process.env.LOG_TOKENS` once per
// token, and its composer `process.env.LOG_STREAM` once per document, to print debugging output.
// Reading process.env goes through Node's environment lookup each time: on a 200-service compose file
// (77 KB, about 40,000 tokens) that lookup is about a third of the parse (measured: parseDocument
// median 52 -> 33 ms, min 31 -> 19 ms). The bundles fold both flags to `false` (the debugging output
// is never wanted in the extension or the CLI). The build fails when the text to fold is missing,
// so a new yaml version that changes it is noticed instead of silently running slower.
import { readFile } from 'node:fs/promises';

const FLAGS = [
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/, text: 'node_process.env.LOG_TOKENS' },
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]compose[\\/]composer\.js$/, text: 'node_process.env.LOG_STREAM' },
];

export const yamlDebugFlags = {
  name: 'yaml-debug-flags',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
      const flag = FLAGS.find((entry) => entry.file.test(args.path));
      const source = await readFile(args.path, 'utf8');
      if (!flag || !source.includes(flag.text)) {
        return { errors: [{ text: `yaml-debug-flags: ${flag?.text ?? 'the debug flag'} not found in ${args.path}; check scripts/yaml-debug-flags.mjs against this yaml version` }] };
      }
      return { contents: source.split(flag.text).join('false'), loader: 'js' };
    });
  },
};
