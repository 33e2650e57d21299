import http from 'node:http'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { AwsError, tooManyRequests, unrecognizedClient } from './errors'
import { Faults, FLAKY_SHARE, parseFault, SLOW_MS } from './faults'
import { Identities, type Identity } from './identities'
import { handle } from './operations'
import type { AwsScenario } from './scenario'
import { parseAuthorization, verifySignature } from './sigv4'
import { buildStore, findByArn, type Store } from './store'
import { TAG_OPERATIONS } from './tags'
import { handleSts, stsError } from './sts'

export type AppMeshServer = {
  endpoint: string
  identities: Identities
  faults: Faults
  store: Store
  close(): Promise<void>
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms))

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, errorType?: string) {
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
  }
  if (errorType) headers['x-amzn-errortype'] = errorType
  // TagResource and UntagResource answer 200 with an empty body.
  res.writeHead(status, headers).end(body === undefined ? '' : JSON.stringify(body))
}

const sendAwsError = (res: http.ServerResponse, e: AwsError) =>
  sendJson(res, e.status, { message: e.message, code: e.type }, e.type)

/** Answers 200 with what `run` returns, or with the AwsError it throws (bad JSON is a 400). */
function answer(res: http.ServerResponse, run: (parsedBody: unknown) => unknown, body: Buffer) {
  try {
    sendJson(res, 200, run(body.length ? JSON.parse(body.toString()) : undefined))
  } catch (e) {
    if (e instanceof AwsError) return sendAwsError(res, e)
    if (e instanceof SyntaxError)
      return sendAwsError(res, new AwsError(400, 'BadRequestException', 'Malformed JSON body'))
    throw e
  }
}

/**
 * `PUT /_lab/tag` and `/_lab/untag?resourceArn=`: TagResource and UntagResource as AWS itself,
 * `aws:` keys allowed, for tests standing in for CloudFormation (not an AWS API).
 */
function tagAsAws(res: http.ServerResponse, store: Store, method: string, url: URL, body: Buffer) {
  const operation = TAG_OPERATIONS.get(url.pathname.slice('/_lab/'.length))
  if (!operation || operation.method !== method) return sendJson(res, 404, { message: 'not found' })
  const region = url.searchParams.get('resourceArn')?.split(':')[3] ?? ''
  answer(
    res,
    (parsed) => operation.run(store, { region, query: url.searchParams, body: parsed }),
    body,
  )
}

/**
 * `PUT /_lab/race?resourceArn=`: the next UpdateRoute of that route is preceded by another
 * writer's, as if it landed in the gap between a client's last read and its write (not an AWS API).
 */
function armRace(res: http.ServerResponse, store: Store, method: string, url: URL) {
  const arn = url.searchParams.get('resourceArn') ?? ''
  const found = findByArn(store, arn.split(':')[3] ?? '', arn)
  if (method !== 'PUT' || !found) return sendJson(res, 404, { message: 'not found' })
  found.resource.raceArmed = true
  sendJson(res, 200, {})
}

/** `/_lab/faults[/<account>[/<region>]]`: read and switch fault knobs at run time (not an AWS API). */
async function control(
  res: http.ServerResponse,
  faults: Faults,
  method: string,
  path: string,
  body: Buffer,
) {
  const key = decodeURIComponent(path.replace(/^\/_lab\/faults\/?/, ''))
  if (method === 'GET' && !key) return sendJson(res, 200, faults.toJSON())
  if (method === 'PUT' && key) {
    const mode = parseFault((JSON.parse(body.toString() || '{}') as { mode?: unknown }).mode)
    if (!mode.success)
      return sendJson(res, 400, { message: 'mode must be none|rejected|throttled|flaky|slow' })
    faults.set(key, mode.data)
    return sendJson(res, 200, faults.toJSON())
  }
  sendJson(res, 404, { message: 'not found' })
}

/**
 * One HTTP endpoint for the whole lab AWS world: App Mesh (rest-json under /v20190125) and STS
 * (query protocol, POST /). The caller's account comes from the SigV4 access key, its region from
 * the credential scope; the signature is verified against the key's secret.
 */
export async function startAppMeshServer(
  scenario: AwsScenario,
  port = 0,
  host = '127.0.0.1',
): Promise<AppMeshServer> {
  const store = buildStore(scenario)
  const identities = new Identities(scenario)
  const faults = new Faults(scenario.faults)

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = await readBody(req)
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://lab')
    if (url.pathname.startsWith('/_lab/faults'))
      return control(res, faults, method, url.pathname, body)
    if (url.pathname === '/_lab/race') return armRace(res, store, method, url)
    if (url.pathname.startsWith('/_lab/')) return tagAsAws(res, store, method, url, body)
    const auth = parseAuthorization(req.headers.authorization)
    const isSts = auth?.scope.service === 'sts'
    const refuse = (status: number, code: string, message: string) =>
      isSts
        ? sendXml(res, stsError(status, code, message))
        : sendAwsError(res, new AwsError(status, code, message))
    if (!auth)
      return refuse(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token')
    const identity: Identity | undefined = identities.lookup(auth.scope.accessKeyId)
    const tokenOk =
      !identity?.sessionToken || req.headers['x-amz-security-token'] === identity.sessionToken
    if (!identity || !tokenOk)
      return refuse(
        403,
        isSts ? 'InvalidClientTokenId' : unrecognizedClient().type,
        unrecognizedClient().message,
      )
    if (
      !verifySignature(
        { method, url: req.url ?? '/', headers: req.headers, body },
        auth,
        identity.secretAccessKey,
      )
    )
      return refuse(
        403,
        isSts ? 'SignatureDoesNotMatch' : 'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided.',
      )

    const fault = faults.of(identity.account, auth.scope.region)
    if (scenario.latencyMs) await delay(scenario.latencyMs)
    if (fault === 'slow') await delay(SLOW_MS)
    if (fault === 'rejected')
      return refuse(
        403,
        isSts ? 'InvalidClientTokenId' : unrecognizedClient().type,
        unrecognizedClient().message,
      )
    if (fault === 'throttled' || (fault === 'flaky' && Math.random() < FLAKY_SHARE))
      return isSts
        ? sendXml(res, stsError(400, 'Throttling', 'Rate exceeded'))
        : sendAwsError(res, tooManyRequests())

    if (isSts)
      return sendXml(res, handleSts(identities, identity, new URLSearchParams(body.toString())))
    if (auth.scope.service !== 'appmesh' || !url.pathname.startsWith('/v20190125/'))
      return sendAwsError(res, new AwsError(404, 'UnknownOperationException', 'Unknown operation'))
    const segments = url.pathname
      .slice('/v20190125/'.length)
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent)
    const call = { accountId: identity.accountId, region: auth.scope.region, method, segments }
    answer(res, (parsed) => handle(store, { ...call, query: url.searchParams, body: parsed }), body)
  }

  const server = http.createServer((req, res) => {
    serve(req, res).catch((e: unknown) => {
      if (!res.headersSent)
        sendAwsError(res, new AwsError(500, 'InternalServerErrorException', String(e)))
    })
  })
  await new Promise<void>((resolve) => server.listen(port, host, resolve))
  const { port: bound } = server.address() as AddressInfo
  return {
    endpoint: `http://${host}:${bound}`,
    identities,
    faults,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function sendXml(res: http.ServerResponse, answer: { status: number; xml: string }) {
  res
    .writeHead(answer.status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() })
    .end(answer.xml)
}
