import 'server-only'
import { stringify } from 'yaml'
import type { SplitPreview } from '@/lib/schemas'
import { routeRef, type RouteData, type RouteSpec } from './native'

/** The route as `aws appmesh describe-route` shows it, minus timestamps that only add noise. */
const readable = (route: RouteData, spec: RouteSpec | undefined) => {
  const { arn, version, meshOwner, resourceOwner } = route.metadata ?? {}
  const { meshName, virtualRouterName, routeName } = route
  return {
    meshName,
    virtualRouterName,
    routeName,
    metadata: { arn, version, meshOwner, resourceOwner },
    spec,
  }
}

export function routePreview(route: RouteData, after: RouteSpec): SplitPreview {
  return {
    object: routeRef(route),
    before: stringify(readable(route, route.spec)),
    after: stringify(readable(route, after)),
  }
}
