import 'server-only'
import { z } from 'zod'
import { HTTPROUTE_MAX_WEIGHT } from '@/lib/native-weights'
import { customResource } from '@/server/adapters/k8s/objects'

/**
 * HTTPRoute as both gateway.networking.k8s.io/v1 and policy.linkerd.io (v1beta1–v1beta3) spell it:
 * Linkerd's own HTTPRoute is a copy of the Gateway API one, so one schema serves both. Unknown
 * fields (filters, timeouts, ...) are kept as they are; the fields read are checked.
 */
export const ParentRef = z.looseObject({
  group: z.string().optional(),
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().min(1),
  port: z.number().int().optional(),
})
export type ParentRef = z.infer<typeof ParentRef>

export const HeaderMatchNative = z.looseObject({
  type: z.enum(['Exact', 'RegularExpression']).optional(),
  name: z.string().min(1),
  value: z.string(),
})
export type HeaderMatchNative = z.infer<typeof HeaderMatchNative>

export const RouteMatch = z.looseObject({
  path: z.looseObject({ type: z.string().optional(), value: z.string().optional() }).optional(),
  headers: z.array(HeaderMatchNative).optional(),
  queryParams: z.array(z.unknown()).optional(),
  method: z.string().optional(),
})
export type RouteMatch = z.infer<typeof RouteMatch>

export const BackendRef = z.looseObject({
  group: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().min(1),
  namespace: z.string().optional(),
  port: z.number().int().optional(),
  /** Relative, 0 to 1,000,000; absent weighs 1. */
  weight: z.number().int().min(0).max(HTTPROUTE_MAX_WEIGHT).optional(),
})
export type BackendRef = z.infer<typeof BackendRef>

export const RouteRule = z.looseObject({
  name: z.string().optional(),
  matches: z.array(RouteMatch).optional(),
  backendRefs: z.array(BackendRef).optional(),
})
export type RouteRule = z.infer<typeof RouteRule>

export const HttpRoute = customResource(
  'HTTPRoute',
  z.looseObject({
    parentRefs: z.array(ParentRef).optional(),
    hostnames: z.array(z.string()).optional(),
    rules: z.array(RouteRule).optional(),
  }),
)
export type HttpRoute = z.infer<typeof HttpRoute>

/** An HTTPRoute API a mesh reads: a group, served at the version discovery prefers. */
export type RouteApi = { group: string; version: string }

export const routesPath = (api: RouteApi) => `/apis/${api.group}/${api.version}/httproutes`
export const routePath = (api: RouteApi, namespace: string, name: string) =>
  `/apis/${api.group}/${api.version}/namespaces/${encodeURIComponent(namespace)}/httproutes/${encodeURIComponent(name)}`
