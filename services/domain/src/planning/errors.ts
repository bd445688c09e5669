/** A plan or template that cannot be built from the given input; `path` names the bad field. */
export class PlanningError extends Error {
  override readonly name = 'PlanningError';
  constructor(
    message: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
