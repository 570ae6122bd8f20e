/** The running job, as a job type's work sees it. */
export interface JobExecution {
  readonly id: string;
  /** 1 on the first attempt, 2 on the first retry… */
  readonly attempt: number;
  /** Reports progress in percent (0–100), visible through `GET /api/v1/jobs/:id`. */
  progress(percent: number): Promise<void>;
}

/**
 * The work of one job type, in a class marked with `@JobType`. It runs in a worker inside the
 * passport the job was submitted with (tenant, actor, correlation), and opens its own units of
 * work: one per job, or one per chunk for bulk work.
 *
 * @typeParam Input the validated input (the `@JobType` input class)
 * @typeParam Data what `prepare` makes of it: the job's stored data. It travels through Redis as
 *   JSON, so `run` gets plain data: keep it to plain objects, arrays, strings and numbers.
 * @typeParam Result what the job returns; kept with the job for a while
 */
export interface JobHandler<Input extends object = object, Data = Input, Result = unknown> {
  /**
   * Checks the input beyond its class-validator rules and turns it into the job's data. Runs when
   * the job is submitted, so a bad input is refused with a 400 and never queued. Throw a
   * `ValidationError` (`IMPORT_INVALID`, `VALIDATION_FAILED`) to refuse it. Without it, the input
   * itself is the data.
   */
  prepare?(input: Input): Data | Promise<Data>;

  /**
   * Does the work. Throwing fails the attempt: it is retried with exponential backoff unless the
   * error is a `DddError` that a retry cannot fix (validation, domain, not found).
   */
  run(data: Data, job: JobExecution): Promise<Result>;
}
