// A throwaway CA and one serving certificate for 127.0.0.1/localhost, shared by every lab cluster.
// Keys come from Node's native crypto (fast); node-forge builds and signs the X.509 certificates.
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import forge from 'node-forge'

export interface LabCerts {
  caCert: string
  serverKey: string
  serverCert: string
}

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const pem = {
    key: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    pub: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
  return {
    pem: pem.key,
    privateKey: forge.pki.privateKeyFromPem(pem.key),
    publicKey: forge.pki.publicKeyFromPem(pem.pub),
  }
}

function certificate(
  subject: string,
  publicKey: forge.pki.PublicKey,
  extensions: object[],
  issuer?: forge.pki.Certificate,
) {
  const cert = forge.pki.createCertificate()
  cert.publicKey = publicKey
  cert.serialNumber = '01' + randomBytes(8).toString('hex')
  cert.validity.notBefore = new Date(Date.now() - 60_000)
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000)
  cert.setSubject([{ name: 'commonName', value: subject }])
  cert.setIssuer(issuer ? issuer.subject.attributes : [{ name: 'commonName', value: subject }])
  cert.setExtensions(extensions)
  return cert
}

export function generateCerts(): LabCerts {
  const ca = keyPair()
  const caCert = certificate('meshpane-lab-ca', ca.publicKey, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ])
  caCert.sign(ca.privateKey, forge.md.sha256.create())

  const server = keyPair()
  const serverCert = certificate(
    'meshpane-lab-apiserver',
    server.publicKey,
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
    caCert,
  )
  serverCert.sign(ca.privateKey, forge.md.sha256.create())

  return {
    caCert: forge.pki.certificateToPem(caCert),
    serverKey: server.pem,
    serverCert: forge.pki.certificateToPem(serverCert),
  }
}
