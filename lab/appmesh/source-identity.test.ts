// The lab's STS and SourceIdentity, through the real SDK credential provider: AWS's validation of
// the value, a chained session keeping it (and refusing to change it), and the record of every
// AssumeRole that the control API serves.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppMeshClient, ListMeshesCommand } from '@aws-sdk/client-app-mesh'
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab'
import type { AssumedRole } from './identities'

const OPERATOR = 'arn:aws:iam::222222222222:role/MeshpaneOperator'
const AUDITOR = 'arn:aws:iam::111111111111:role/Auditor'
let lab: Lab

beforeAll(async () => {
  lab = await startLab({ dir: mkdtempSync(join(tmpdir(), 'lab-sts-')) })
})
afterAll(() => lab?.stop())

function assume(
  roleArn: string,
  session: string,
  sourceIdentity?: string,
  master: Parameters<typeof fromTemporaryCredentials>[0]['masterCredentials'] = lab.aws!.identities
    .longTerm.payments,
) {
  return fromTemporaryCredentials({
    params: {
      RoleArn: roleArn,
      RoleSessionName: session,
      ...(sourceIdentity === undefined ? {} : { SourceIdentity: sourceIdentity }),
    },
    masterCredentials: master,
    clientConfig: { endpoint: lab.aws!.endpoint, region: 'eu-west-1' },
  })
}

const records = async () =>
  (await (await fetch(`${lab.controlUrl}/aws/assumed-roles`)).json()) as AssumedRole[]
const recordOf = async (session: string) =>
  (await records()).find((r) => r.roleSessionName === session)
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: Error) => e,
  )

describe('AssumeRole with SourceIdentity', () => {
  it('records who assumed which role for whom', async () => {
    const credentials = await assume(OPERATOR, 'meshpane-alice', 'alice')()
    const client = new AppMeshClient({
      endpoint: lab.aws!.endpoint,
      region: 'eu-west-1',
      credentials,
    })
    expect((await client.send(new ListMeshesCommand({}))).meshes?.length).toBeGreaterThan(0)
    expect((await records()).filter((r) => r.roleSessionName === 'meshpane-alice')).toEqual([
      {
        time: expect.any(String),
        callerArn: 'arn:aws:iam::222222222222:user/meshpane',
        roleArn: OPERATOR,
        roleSessionName: 'meshpane-alice',
        assumedRoleArn: 'arn:aws:sts::222222222222:assumed-role/MeshpaneOperator/meshpane-alice',
        accessKeyId: credentials.accessKeyId,
        sourceIdentity: 'alice',
      },
    ])
  })

  it('keeps the source identity along a chain of roles, and refuses to change it', async () => {
    const first = assume(OPERATOR, 'chain-1', 'bob')
    await first()
    await assume(AUDITOR, 'chain-2', undefined, first)()
    expect(await recordOf('chain-2')).toMatchObject({
      callerArn: 'arn:aws:sts::222222222222:assumed-role/MeshpaneOperator/chain-1',
      assumedRoleArn: 'arn:aws:sts::111111111111:assumed-role/Auditor/chain-2',
      sourceIdentity: 'bob',
    })
    await assume(AUDITOR, 'chain-3', 'bob', first)()
    expect((await recordOf('chain-3'))!.sourceIdentity).toBe('bob')
    const changed = await errorOf(assume(AUDITOR, 'chain-4', 'mallory', first)())
    expect(changed).toMatchObject({
      name: 'AccessDenied',
      message:
        'User: arn:aws:sts::222222222222:assumed-role/MeshpaneOperator/chain-1 is not authorized to perform: sts:SetSourceIdentity on resource: arn:aws:iam::111111111111:role/Auditor',
    })
    expect(await recordOf('chain-4')).toBeUndefined()
    await assume(OPERATOR, 'no-source')()
    expect((await recordOf('no-source'))!.sourceIdentity).toBeUndefined()
  })

  it.each([
    ['a', 'Member must have length greater than or equal to 2'],
    ['x'.repeat(65), 'Member must have length less than or equal to 64'],
    ['aws:alice', 'Member must satisfy regular expression pattern: [\\w+=,.@-]*'],
  ])('refuses SourceIdentity %j as AWS validates it', async (value, constraint) => {
    const e = await errorOf(assume(OPERATOR, 'invalid', value)())
    expect(e).toMatchObject({
      name: 'ValidationError',
      message: `1 validation error detected: Value '${value}' at 'sourceIdentity' failed to satisfy constraint: ${constraint}`,
    })
  })
})
