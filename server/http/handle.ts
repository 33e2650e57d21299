import 'server-only'
import { errorResponse } from './errors'

type Context<P> = { params: Promise<P> }

/**
 * Wraps a route handler: its result becomes a JSON 200 (unless it is a Response already), anything
 * it throws becomes the mapped error answer. Handlers stay three lines of intent: parse, call server/, return.
 */
export function handle<P = Record<string, never>>(
  fn: (request: Request, params: P) => Promise<unknown>,
) {
  return async (request: Request, context: Context<P>): Promise<Response> => {
    try {
      const result = await fn(request, await context.params)
      // A handler that shapes its own answer (a stream) returns the Response itself.
      if (result instanceof Response) return result
      return Response.json(result, { headers: { 'Cache-Control': 'no-store' } })
    } catch (err) {
      return errorResponse(err)
    }
  }
}
