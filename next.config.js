/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The artefact an image runs: .next/standalone/server.js with only the files it needs traced in
  // (scripts/build.sh copies the static assets beside it, as Next's docs require).
  output: 'standalone',
  // client-node pulls in optional native/ws code paths, PGlite loads its WebAssembly from its own
  // folder, pg has optional native bindings: keep them out of the server bundle.
  serverExternalPackages: ['@kubernetes/client-node', '@electric-sql/pglite', 'pg'],
}

module.exports = nextConfig
