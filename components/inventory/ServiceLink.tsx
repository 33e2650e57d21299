import Link from 'next/link'

/** A service's name, linking to its page. */
export function ServiceLink({ service }: { service: { id: string; name: string } }) {
  return (
    <Link
      href={`/services/${service.id}`}
      className="font-medium text-brand hover:underline focus-visible:outline-2 focus-visible:outline-brand"
    >
      {service.name}
    </Link>
  )
}
