import { describeAdapterContract } from '@/server/adapters/contract-suite'
import { appMeshAdapter } from '@/server/adapters/appmesh'
import { routeHandle, sourcesFor, startDemoLab } from './world'

// Account "payments" (reached through an assumed role) in its second region, us-east-1.
describeAdapterContract(appMeshAdapter, {
  name: 'App Mesh lab, payments/us-east-1 through STS',
  // refunds-v3 is a virtual node of refunds that no route targets yet.
  candidate: {
    namespace: 'payments-us',
    service: 'refunds.payments-us.local',
    route: ['refunds-v1', 'refunds-v2'],
    name: 'refunds-v3',
  },
  async setup() {
    const lab = await startDemoLab()
    const source = sourcesFor(lab).find((s) => s.ref.name === 'payments/us-east-1')!
    const route = routeHandle(lab, 'payments', 'us-east-1', {
      meshName: 'payments-us',
      virtualRouterName: 'refunds-router',
      routeName: 'refunds-route',
    })
    return {
      source,
      service: {
        namespace: 'payments-us',
        name: 'refunds.payments-us.local',
        backends: ['refunds-v1', 'refunds-v2'],
      },
      readNative: route.read,
      candidateWorld: {
        readNative: route.read,
        isRoutePath: (p) => /^spec\.httpRoute\.action\.weightedTargets\b/.test(p),
      },
      touch: route.touch,
      own: route.own,
      disown: route.disown,
      isWeightPath: (p) => /^spec\.httpRoute\.action\.weightedTargets\.\d+\.weight$/.test(p),
      isBookkeepingPath: (p) => p === 'metadata.version' || p === 'metadata.lastUpdatedAt',
      malformed: {
        object: { kind: 'Route', namespace: 'payments-us', name: 'refunds-router/refunds-mirror' },
        field: 'spec.httpRoute.action.weightedTargets.0.virtualNode',
      },
      stop: lab.stop,
    }
  },
})
