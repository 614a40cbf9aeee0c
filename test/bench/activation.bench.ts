// How heavy the activation path is: the size of dist/extension.js and how long Node takes to load it.
import { statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
for (const bundle of ['extension.js', 'features/dockerfile.js', 'features/image.js', 'features/stats.js', 'cli.js']) {
  const file = join(root, 'dist', bundle);
  console.log(`${bundle.padEnd(24)} ${(statSync(file).size / 1024).toFixed(1).padStart(8)} KiB`);
}
