// Extension tests for the dockerfile feature (filled in by its issue).
export default function register(): void {
  // describe('dockerfile: ...', () => { ... });
}
