// Extension tests for the analyze feature (filled in by its issue).
export default function register(): void {
  // describe('analyze: ...', () => { ... });
}
