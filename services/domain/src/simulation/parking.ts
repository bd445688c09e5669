// Arrivals, departures and the FIFO queue for free charge points.
import type { EvArrival } from './arrivals';
import type { Slot } from './engine-input';

export interface Outcome {
  readonly arrival: EvArrival;
  chargePointId: string | null;
  waitedS: number;
  deliveredWh: number;
}

export class Parking {
  readonly outcomes: Outcome[];
  maxWaiting = 0;
  private next = 0;
  private readonly queue: number[] = [];

  constructor(
    private readonly slots: readonly Slot[],
    private readonly arrivals: readonly EvArrival[],
  ) {
    this.outcomes = arrivals.map((arrival) => ({ arrival, chargePointId: null, waitedS: 0, deliveredWh: 0 }));
  }

  /** Brings the car park to `timeS`: EVs leave, arrive, and take free charge points in arrival order. */
  advance(timeS: number): void {
    for (const slot of this.slots) {
      const ev = slot.ev;
      if (ev === undefined || ev.arrival.departure > timeS) continue;
      const outcome = this.outcomes[ev.evIndex];
      if (outcome !== undefined) outcome.deliveredWh = ev.deliveredWh;
      slot.ev = undefined;
    }
    // EVs still waiting at their departure time give up (turned away).
    for (let q = this.queue.length - 1; q >= 0; q--) {
      const waiting = this.arrivals[this.queue[q] ?? -1];
      if (waiting !== undefined && waiting.departure <= timeS) this.queue.splice(q, 1);
    }
    while (this.next < this.arrivals.length && (this.arrivals[this.next]?.time ?? Infinity) <= timeS)
      this.queue.push(this.next++);
    this.assign(timeS);
    this.maxWaiting = Math.max(this.maxWaiting, this.queue.length);
  }

  private assign(timeS: number): void {
    for (let q = 0; q < this.queue.length;) {
      const evIndex = this.queue[q] ?? -1;
      const arrival = this.arrivals[evIndex];
      const slot =
        arrival === undefined
          ? undefined
          : this.slots.find(
              (s) =>
                s.ev === undefined &&
                (arrival.chargePointId === undefined || s.chargePoint.id === arrival.chargePointId),
            );
      const outcome = this.outcomes[evIndex];
      if (arrival === undefined || slot === undefined || outcome === undefined) {
        q++;
        continue;
      }
      slot.ev = { arrival, evIndex, pluggedInAtS: timeS, deliveredWh: 0, drawnA: 0, offeredA: undefined };
      outcome.chargePointId = slot.chargePoint.id;
      outcome.waitedS = timeS - arrival.time;
      this.queue.splice(q, 1);
    }
  }

  /** EVs still plugged in at the end: record what they got so far. */
  close(): void {
    for (const slot of this.slots) {
      const ev = slot.ev;
      const outcome = ev === undefined ? undefined : this.outcomes[ev.evIndex];
      if (ev !== undefined && outcome !== undefined) outcome.deliveredWh = ev.deliveredWh;
    }
  }
}
