import { describe, expect, it } from 'vitest';
import { RoundRobin } from './round-robin.js';

/** Lets every pending promise continuation run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Three players that each log their turns, then pass, for `rounds` rounds. */
function players(turns: RoundRobin, rounds: number, log: string[]): Promise<void>[] {
  return [0, 1, 2].map(async (player) => {
    for (let round = 0; round < rounds; round++) {
      await turns.wait(player);
      log.push(`${player}.${round}`);
      await settle();
      turns.pass();
    }
  });
}

describe('RoundRobin', () => {
  it('lets the players step in turn, round after round, once resumed', async () => {
    const turns = new RoundRobin(3);
    const log: string[] = [];
    const done = Promise.all(players(turns, 2, log));
    await settle();
    expect(log, 'paused until resumed').toEqual([]);
    turns.resume();
    await done;
    expect(log).toEqual(['0.0', '1.0', '2.0', '0.1', '1.1', '2.1']);
  });

  it('lands a pause between rounds, resolving once player 0 waits there', async () => {
    const turns = new RoundRobin(3);
    const log: string[] = [];
    const done = Promise.all(players(turns, 3, log));
    turns.resume();
    await settle();
    expect(log).toEqual(['0.0']);
    await turns.pause();
    // The round under way finished; the next did not start.
    expect(log).toEqual(['0.0', '1.0', '2.0']);
    await settle();
    expect(log).toHaveLength(3);
    turns.resume();
    await done;
    expect(log).toHaveLength(9);
  });

  it('rejects waiting and later waits with the stop reason', async () => {
    const turns = new RoundRobin(2);
    const waiting = turns.wait(1);
    const reason = new Error('stopped');
    turns.stop(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(turns.wait(0)).rejects.toBe(reason);
    // The first reason stays.
    turns.stop(new Error('again'));
    await expect(turns.wait(1)).rejects.toBe(reason);
  });

  it('needs at least one player', () => {
    expect(() => new RoundRobin(0)).toThrow('players must be a whole number ≥ 1; got 0');
  });
});
