// The bench's 200-service compose file (test/bench/compose.bench.ts), shared with the incremental-parse
// property test: services of the kinds real projects have, every third one written the way reviews catch.
const KINDS = ['web', 'worker', 'db', 'cache', 'proxy'] as const;

/** One service of each kind in turn; every third one written the way reviews catch. */
function service(i: number): string {
  const kind = KINDS[i % KINDS.length];
  const name = `${kind}${i}`;
  const sloppy = i % 3 === 0;
  const lines = [`  ${name}:`];
  switch (kind) {
    case 'web':
      lines.push('    build:', `      context: ./services/${name}`, '      dockerfile: Dockerfile', `    image: registry.example.com/shop/${name}:1.${i}.0`);
      lines.push('    ports:', `      - "${sloppy ? '' : '127.0.0.1:'}${10000 + i}:8080"`);
      lines.push('    environment:', '      NODE_ENV: production', `      PORT: "8080"`, `      API_URL: http://proxy${i - (i % 5) + 4}:8080`);
      if (sloppy) lines.push('      API_TOKEN: s3cr3t');
      lines.push('    depends_on:', `      db${i - (i % 5) + 2}:`, '        condition: service_healthy');
      break;
    case 'worker':
      lines.push(`    image: registry.example.com/shop/worker:${sloppy ? 'latest' : '2.4.1'}`, '    command: ["node", "dist/worker.js", "--queue", "orders"]');
      lines.push('    env_file: [./env/worker.env]', '    depends_on:', `      - cache${i - (i % 5) + 3}`);
      break;
    case 'db':
      lines.push('    image: postgres:16.3-bookworm', '    volumes:', `      - ${name}-data:/var/lib/postgresql/data`);
      lines.push('    environment:', '      POSTGRES_DB: shop', '      POSTGRES_PASSWORD_FILE: /run/secrets/db_password');
      lines.push('    healthcheck:', '      test: ["CMD-SHELL", "pg_isready -U postgres"]', '      interval: 10s', '      timeout: 5s', '      retries: 5', '      start_period: 30s');
      if (sloppy) lines.push('    ports:', `      - "${15000 + i}:5432"`);
      break;
    case 'cache':
      lines.push('    image: redis:7.2-alpine', '    command: ["redis-server", "--maxmemory", "64mb"]');
      lines.push('    healthcheck:', '      test: ["CMD", "redis-cli", "ping"]', '      interval: 5s');
      break;
    case 'proxy':
      lines.push('    image: nginx:1.27-alpine', '    volumes:', '      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro');
      lines.push('    ports:', `      - "127.0.0.1:${20000 + i}:80"`);
      if (sloppy) lines.push('    privileged: true');
      break;
  }
  if (!sloppy) {
    lines.push('    restart: unless-stopped', '    deploy:', '      resources:', '        limits: {cpus: "0.5", memory: 256M}', '        reservations: {memory: 128M}');
    lines.push('    logging:', '      driver: json-file', '      options: {max-size: "10m", max-file: "3"}');
  }
  return lines.join('\n');
}

export function composeFile(services: number): string {
  const volumes = Array.from({ length: services }, (_, i) => i).filter((i) => KINDS[i % KINDS.length] === 'db').map((i) => `  db${i}-data: {}`);
  return [
    '# shop: 200 services (docker-compose v1 reads it too: no top-level name:)',
    'x-common: &common',
    '  restart: unless-stopped',
    'services:',
    ...Array.from({ length: services }, (_, i) => service(i)),
    'volumes:',
    ...volumes,
    'secrets:',
    '  db_password:',
    '    file: ./secrets/db_password.txt',
    '',
  ].join('\n');
}

