/**
 * Turn-taking for several training loops that run as concurrent promises:
 * player k may take its step only when the turn is k, and a round (players
 * 0…n-1) starts only while not paused, so a pause always lands between
 * rounds and every player has taken the same number of steps. `stop` makes
 * every waiting and later `wait` reject with its reason, which is how the
 * loops are ended.
 */
export class RoundRobin {
  private turn = 0;
  private paused = true;
  private stopped: { reason: unknown } | undefined;
  private changed = deferred();
  /** Resolved when player 0 is held at a round's start by a pause; replaced when it goes on. */
  private held = deferred();

  constructor(readonly players: number) {
    if (!Number.isInteger(players) || players < 1) throw new RangeError(`players must be a whole number ≥ 1; got ${players}`);
  }

  /** Waits until it is `player`'s turn (and, for player 0, until not paused). */
  async wait(player: number): Promise<void> {
    for (;;) {
      if (this.stopped) throw this.stopped.reason;
      if (this.turn === player && !(player === 0 && this.paused)) return;
      if (player === 0 && this.turn === 0) this.held.resolve();
      await this.changed.promise;
    }
  }

  /** Ends the current player's turn. */
  pass(): void {
    this.turn = (this.turn + 1) % this.players;
    this.notify();
  }

  /** Lets rounds start. */
  resume(): void {
    this.paused = false;
    this.held = deferred();
    this.notify();
  }

  /** Holds the next round at its start; resolves once player 0 is waiting there. */
  pause(): Promise<void> {
    this.paused = true;
    this.notify();
    return this.held.promise;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  stop(reason: unknown): void {
    this.stopped ??= { reason };
    this.held.resolve();
    this.notify();
  }

  private notify(): void {
    const changed = this.changed;
    this.changed = deferred();
    changed.resolve();
  }
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
