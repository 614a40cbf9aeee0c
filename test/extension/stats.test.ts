// Extension tests for the stats feature (filled in by its issue).
export default function register(): void {
  // describe('stats: ...', () => { ... });
}
