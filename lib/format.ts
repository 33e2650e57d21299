/** Milliseconds for people: "42 ms", "1.5 s". */
export function formatLatency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** A split in one line: "v1 70% · v2 30%". */
export function formatSplit(backends: readonly { name: string; weight: number }[]): string {
  return backends.map((b) => `${b.name} ${b.weight}%`).join(' · ')
}

/** Mesh names repeat across clusters ("istio" everywhere), so a mesh is named with its source. */
export function meshLabel(mesh: { name: string; source: { name: string } }): string {
  return `${mesh.name} · ${mesh.source.name}`
}

/** Where an App Mesh mesh lives, and its owner when shared: "account 222… · eu-west-1 · owned by 111…". */
export function awsPlacement(aws: {
  accountId?: string
  region: string
  shared: boolean
  meshOwner: string
}): string {
  return [
    aws.accountId && `account ${aws.accountId}`,
    aws.region,
    aws.shared && `owned by ${aws.meshOwner}`,
  ]
    .filter(Boolean)
    .join(' · ')
}

const managerNames: Record<string, string> = {
  argocd: 'Argo CD',
  flux: 'Flux',
  'argo-rollouts': 'Argo Rollouts',
  flagger: 'Flagger',
  cloudformation: 'AWS CloudFormation',
  copilot: 'AWS Copilot',
  terraform: 'Terraform',
  pulumi: 'Pulumi',
}

/** Who manages a routing object, as its users call it ("Argo CD"); other managers by their own name. */
export const managerName = (manager: string): string => managerNames[manager] ?? manager

/** "AWS ended support for App Mesh on …" once the day has passed, "ends" before it. */
export function endOfSupportSentence(day: string, now = Date.now()): string {
  return `AWS ${Date.parse(day) <= now ? 'ended' : 'ends'} support for App Mesh on ${day}`
}

/** Where AWS points App Mesh users: named in the server's notice, linked in the console's. */
export const APPMESH_MIGRATION_TARGETS = [
  {
    name: 'Amazon ECS Service Connect',
    href: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect.html',
  },
  {
    name: 'Amazon VPC Lattice',
    href: 'https://docs.aws.amazon.com/vpc-lattice/latest/ug/what-is-vpc-lattice.html',
  },
] as const
