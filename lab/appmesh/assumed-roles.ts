// `GET /aws/assumed-roles` on the lab's control API: every AssumeRole its STS granted, in order,
// with the SourceIdentity the session carries, as CloudTrail would show who acted.
import type { ControlRoute } from '../control'
import type { AppMeshLab } from './index'

export function assumedRoleRoutes(aws: AppMeshLab | undefined): ControlRoute[] {
  return [
    {
      method: 'GET',
      path: /^\/aws\/assumed-roles$/,
      handle: async () =>
        aws
          ? { status: 200, body: aws.identities.assumedRoles }
          : { status: 404, body: { error: 'this lab has no aws: section' } },
    },
  ]
}
