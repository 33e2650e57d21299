/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // client-node pulls in optional native/ws code paths, PGlite loads its WebAssembly from its own
  // folder, pg has optional native bindings: keep them out of the server bundle.
  serverExternalPackages: ['@kubernetes/client-node', '@electric-sql/pglite', 'pg'],
}

module.exports = nextConfig
