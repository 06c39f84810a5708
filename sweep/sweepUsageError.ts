/** A sweep asked for something it cannot run: the message names the flag, the value and what is allowed (nothing has started). */
export class SweepUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepUsageError';
  }
}
