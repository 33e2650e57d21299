import 'server-only'
import type { ObjectMeta } from '@/server/adapters/k8s/objects'

/**
 * HTTPRoute as both gateway.networking.k8s.io/v1 and policy.linkerd.io (v1beta1–v1beta3) spell it:
 * Linkerd's own HTTPRoute is a copy of the Gateway API one, so one set of types serves both.
 */
export type ParentRef = {
  group?: string
  kind?: string
  namespace?: string
  name: string
  port?: number
}
export type HeaderMatchNative = {
  type?: 'Exact' | 'RegularExpression'
  name: string
  value: string
}
export type RouteMatch = {
  path?: { type?: string; value?: string }
  headers?: HeaderMatchNative[]
  queryParams?: unknown[]
  method?: string
}
export type BackendRef = {
  group?: string
  kind?: string
  name: string
  namespace?: string
  port?: number
  weight?: number
}
export type RouteRule = {
  name?: string
  matches?: RouteMatch[]
  backendRefs?: BackendRef[]
  [other: string]: unknown
}

export type HttpRoute = {
  apiVersion: string
  kind: 'HTTPRoute'
  metadata: ObjectMeta
  spec: { parentRefs?: ParentRef[]; hostnames?: string[]; rules?: RouteRule[] }
}

/** An HTTPRoute API a mesh reads: a group, served at the version discovery prefers. */
export type RouteApi = { group: string; version: string }

export const routesPath = (api: RouteApi) => `/apis/${api.group}/${api.version}/httproutes`
export const routePath = (api: RouteApi, namespace: string, name: string) =>
  `/apis/${api.group}/${api.version}/namespaces/${encodeURIComponent(namespace)}/httproutes/${encodeURIComponent(name)}`
