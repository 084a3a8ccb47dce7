/**
 * A reader that takes a successful answer's body chunk by chunk as it arrives, instead of the
 * body being collected whole for the SDK's parser. An answer can be tens of megabytes
 * (GetAccountAuthorizationDetails of a large account); read as it comes, it is never whole in
 * memory. The answer check (attempt-guard.ts) still reads the start of the body first and
 * refuses one that is not AWS's; error answers are never streamed (the SDK reads them whole).
 */
export interface BodySink {
  /** The next chunk of the body. Throws when the body cannot be read (the attempt fails). */
  write(chunk: Uint8Array): void
  /** The body ended: the bytes the SDK's deserializer reads instead (what the sink left to it). Throws on a body cut short. */
  end(): Uint8Array
}

export const BODY_SINK = Symbol('iamkitBodySink')

interface CommandWithStack {
  middlewareStack: { add: Function }
}

/**
 * Has the command's successful answers read by a sink made afresh for each attempt (a retried
 * attempt starts over). `makeSink` is called once per attempt whose answer is streamed.
 */
export function streamAnswersInto(command: CommandWithStack, makeSink: () => BodySink): void {
  command.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: Record<symbol, unknown>) => (args: unknown) => {
      context[BODY_SINK] = makeSink
      return next(args)
    },
    { step: 'initialize', name: 'iamkitBodySink' },
  )
}
