// A clock the expiry tests move by hand, injected as StateServer's `now`.
export class TestClock {
  constructor(public ms = Date.UTC(2025, 0, 15, 12, 0, 0)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}
