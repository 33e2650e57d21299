/** An error the way AWS answers it: HTTP status, `x-amzn-ErrorType` and a `{message, code}` body. */
export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message)
  }
}

export const badRequest = (message: string) => new AwsError(400, 'BadRequestException', message)
export const notFound = (message: string) => new AwsError(404, 'NotFoundException', message)
export const forbidden = (message: string) => new AwsError(403, 'ForbiddenException', message)
export const unrecognizedClient = () =>
  new AwsError(
    403,
    'UnrecognizedClientException',
    'The security token included in the request is invalid.',
  )
export const tooManyRequests = () => new AwsError(429, 'TooManyRequestsException', 'Rate exceeded')
