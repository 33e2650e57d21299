/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // client-node pulls in optional native/ws code paths; keep it out of the server bundle.
  serverExternalPackages: ['@kubernetes/client-node'],
}

module.exports = nextConfig
