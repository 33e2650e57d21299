import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AppMeshClient,
  ListMeshesCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-app-mesh'
import { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers'
import { clientFor, startDemoAwsLab } from './test-helpers'

let lab: Awaited<ReturnType<typeof startDemoAwsLab>>
beforeAll(async () => {
  lab = await startDemoAwsLab()
})
afterAll(() => lab.stop())

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
  )
const setFault = (key: string, mode: string) =>
  fetch(`${lab.endpoint}/_lab/faults/${key}`, {
    method: 'PUT',
    body: JSON.stringify({ mode }),
  }).then((r) => r.json())

describe('App Mesh lab credentials', () => {
  it('knows the profiles it wrote to the AWS config and credentials files', async () => {
    const credentials = fromIni({
      profile: 'payments',
      filepath: path.join(lab.dir, lab.config.credentialsFile),
      configFilepath: path.join(lab.dir, lab.config.configFile),
    })
    const client = new AppMeshClient({ endpoint: lab.endpoint, region: 'us-east-1', credentials })
    const meshes = await client.send(new ListMeshesCommand({}))
    expect(meshes.meshes?.map((m) => m.meshName)).toEqual(['payments-us'])
    expect(lab.config.accounts.find((a) => a.profile === 'payments')?.roleArn).toBe(
      'arn:aws:iam::222222222222:role/MeshpaneOperator',
    )
  })

  it('refuses an unknown access key and a wrong secret as AWS does', async () => {
    const region = 'eu-west-1'
    const unknown = new AppMeshClient({
      endpoint: lab.endpoint,
      region,
      credentials: { accessKeyId: 'AKIANOBODY', secretAccessKey: 'x' },
    })
    const e1 = await errorOf(unknown.send(new ListMeshesCommand({})))
    expect(e1).toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 403 },
    })
    const key = lab.identities.longTerm.platform!
    const wrongSecret = new AppMeshClient({
      endpoint: lab.endpoint,
      region,
      credentials: { ...key, secretAccessKey: 'wrong' },
    })
    const e2 = await errorOf(wrongSecret.send(new ListMeshesCommand({})))
    expect(e2).toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    })
  })

  it('assumes a role through its STS and acts as the role account', async () => {
    const credentials = fromTemporaryCredentials({
      params: {
        RoleArn: 'arn:aws:iam::222222222222:role/MeshpaneOperator',
        RoleSessionName: 'meshpane',
      },
      masterCredentials: lab.identities.longTerm.payments!,
      clientConfig: { endpoint: lab.endpoint, region: 'eu-west-1' },
    })
    const client = new AppMeshClient({
      endpoint: lab.endpoint,
      region: 'ap-southeast-2',
      credentials,
    })
    const meshes = await client.send(new ListMeshesCommand({}))
    expect(meshes.meshes?.map((m) => m.meshName)).toEqual(['payments-apac'])
    const resolved = await credentials()
    expect(resolved.accessKeyId).toMatch(/^ASIA/)
    expect(resolved.sessionToken).toBeTruthy()
  })

  it('refuses AssumeRole on a role of an account it does not know', async () => {
    const credentials = fromTemporaryCredentials({
      params: { RoleArn: 'arn:aws:iam::999999999999:role/Nope', RoleSessionName: 'meshpane' },
      masterCredentials: lab.identities.longTerm.payments!,
      clientConfig: { endpoint: lab.endpoint, region: 'eu-west-1' },
    })
    expect(await errorOf(credentials())).toMatchObject({ name: 'AccessDenied' })
  })
})

describe('App Mesh lab fault knobs', () => {
  it('throttles one account×region with TooManyRequestsException, the others answer', async () => {
    await setFault('platform/us-east-1', 'throttled')
    try {
      const e = await errorOf(
        clientFor(lab, 'platform', 'us-east-1', 1).send(new ListMeshesCommand({})),
      )
      expect(e).toBeInstanceOf(TooManyRequestsException)
      expect(e?.$metadata?.httpStatusCode).toBe(429)
      await expect(
        clientFor(lab, 'platform', 'eu-west-1', 1).send(new ListMeshesCommand({})),
      ).resolves.toBeTruthy()
    } finally {
      await setFault('platform/us-east-1', 'none')
    }
  })

  it('lets the SDK retry through a flaky region', async () => {
    await setFault('payments/eu-west-1', 'flaky')
    try {
      const client = clientFor(lab, 'payments', 'eu-west-1', 12)
      for (let i = 0; i < 5; i++)
        await expect(client.send(new ListMeshesCommand({}))).resolves.toBeTruthy()
    } finally {
      await setFault('payments/eu-west-1', 'none')
    }
  })

  it('rejects the credentials of an account, and slows a region down', async () => {
    expect(await setFault('payments', 'rejected')).toEqual({ payments: 'rejected' })
    await setFault('platform/eu-west-1', 'slow')
    try {
      const e = await errorOf(
        clientFor(lab, 'payments', 'us-east-1').send(new ListMeshesCommand({})),
      )
      expect(e).toMatchObject({
        name: 'UnrecognizedClientException',
        $metadata: { httpStatusCode: 403 },
      })
      const started = Date.now()
      await clientFor(lab, 'platform', 'eu-west-1').send(new ListMeshesCommand({}))
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400)
    } finally {
      await setFault('payments', 'none')
      await setFault('platform/eu-west-1', 'none')
    }
  })
})
