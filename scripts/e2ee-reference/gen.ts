// Reference frames for media/e2ee's known-answer tests, made by
// livekit-client's own frame cryptor and key handler (its TypeScript
// sources from the npm package, bundled by esbuild, run by Node's
// WebCrypto). Only the send counter's random start is pinned (to 0), so
// that the frames are reproducible. See make-vectors.sh.
import { KEY_PROVIDER_DEFAULTS } from './node_modules/livekit-client/src/e2ee/constants';
import { createKeyMaterialFromBuffer, createKeyMaterialFromString } from './node_modules/livekit-client/src/e2ee/utils';
import { FrameCryptor, encryptionEnabledMap } from './node_modules/livekit-client/src/e2ee/worker/FrameCryptor';
import { ParticipantKeyHandler } from './node_modules/livekit-client/src/e2ee/worker/ParticipantKeyHandler';

Math.random = () => 0; // the send counter starts at 0 instead of a random value

const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

function payload(n: number, first: number): Uint8Array {
  const p = new Uint8Array(n);
  for (let i = 0; i < n; i++) p[i] = (i * 37 + 11) & 0xff;
  p[0] = first;
  return p;
}

type Job = { name: string; kind: 'key' | 'delta' | 'audio'; ssrc: number; timestamp: number; data: Uint8Array };

async function encrypt(cryptor: FrameCryptor, job: Job): Promise<Uint8Array> {
  let out: Uint8Array | undefined;
  const frame: any = {
    data: job.data.slice().buffer,
    timestamp: job.timestamp,
    getMetadata: () => ({ synchronizationSource: job.ssrc, mimeType: job.kind === 'audio' ? 'audio/opus' : 'video/VP8', payloadType: job.kind === 'audio' ? 111 : 96 }),
  };
  if (job.kind !== 'audio') frame.type = job.kind;
  await (cryptor as any).encodeFunction(frame, { enqueue: (f: any) => (out = new Uint8Array(f.data)) });
  if (!out) throw new Error('no frame out for ' + job.name);
  return out;
}

async function main() {
  const vectors: any[] = [];
  const opts = { ...KEY_PROVIDER_DEFAULTS, sharedKey: true, ratchetWindowSize: 0 };

  // A passphrase, as LiveKit Meet's "#passphrase" links carry it.
  const passphrase = 'Stille Eule hört zu';
  const keys = new ParticipantKeyHandler('ringlet', opts);
  await keys.setKey(await createKeyMaterialFromString(passphrase), 0);
  const cryptor = new FrameCryptor({ keys, participantIdentity: 'ringlet', keyProviderOptions: opts });
  encryptionEnabledMap.set('ringlet', true);
  const jobs: Job[] = [
    { name: 'vp8-key', kind: 'key', ssrc: 0x11223344, timestamp: 90000, data: payload(40, 0x10) },
    { name: 'vp8-delta', kind: 'delta', ssrc: 0x11223344, timestamp: 93000, data: payload(25, 0x11) },
    { name: 'opus', kind: 'audio', ssrc: 0x55667788, timestamp: 960, data: payload(33, 0x78) },
    { name: 'opus-toc-only', kind: 'audio', ssrc: 0x55667788, timestamp: 1920, data: payload(1, 0x78) },
  ];
  for (const job of jobs) {
    vectors.push({ name: job.name, secret: passphrase, from: 'passphrase', keyIndex: 0, ratchets: 0, kind: job.kind,
      ssrc: job.ssrc, timestamp: job.timestamp, plain: hex(job.data), encrypted: hex(await encrypt(cryptor, job)) });
  }

  // The same key ratcheted twice.
  await keys.ratchetKey(0);
  await keys.ratchetKey(0);
  const ratcheted: Job = { name: 'vp8-delta-ratcheted-twice', kind: 'delta', ssrc: 0x11223344, timestamp: 96000, data: payload(30, 0x31) };
  vectors.push({ name: ratcheted.name, secret: passphrase, from: 'passphrase', keyIndex: 0, ratchets: 2, kind: ratcheted.kind,
    ssrc: ratcheted.ssrc, timestamp: ratcheted.timestamp, plain: hex(ratcheted.data), encrypted: hex(await encrypt(cryptor, ratcheted)) });

  // Raw key bytes (HKDF), at key index 3, in a new cryptor.
  const raw = new Uint8Array(32).map((_, i) => i * 7 + 1);
  const rawKeys = new ParticipantKeyHandler('ringlet-raw', opts);
  await rawKeys.setKey(await createKeyMaterialFromBuffer(raw.buffer), 3);
  const rawCryptor = new FrameCryptor({ keys: rawKeys, participantIdentity: 'ringlet-raw', keyProviderOptions: opts });
  encryptionEnabledMap.set('ringlet-raw', true);
  const rawJob: Job = { name: 'vp8-key-raw-key-index-3', kind: 'key', ssrc: 0x0a0b0c0d, timestamp: 4294967000, data: payload(50, 0x50) };
  vectors.push({ name: rawJob.name, secret: hex(raw), from: 'bytes', keyIndex: 3, ratchets: 0, kind: rawJob.kind,
    ssrc: rawJob.ssrc, timestamp: rawJob.timestamp, plain: hex(rawJob.data), encrypted: hex(await encrypt(rawCryptor, rawJob)) });
  await rawKeys.ratchetKey(3);
  const rawRatcheted: Job = { name: 'opus-raw-ratcheted', kind: 'audio', ssrc: 0x0a0b0c0e, timestamp: 480, data: payload(20, 0x7c) };
  vectors.push({ name: rawRatcheted.name, secret: hex(raw), from: 'bytes', keyIndex: 3, ratchets: 1, kind: rawRatcheted.kind,
    ssrc: rawRatcheted.ssrc, timestamp: rawRatcheted.timestamp, plain: hex(rawRatcheted.data), encrypted: hex(await encrypt(rawCryptor, rawRatcheted)) });

  process.stdout.write(JSON.stringify({ generator: 'livekit-client 2.23.0 (src/e2ee), Node ' + process.version, vectors }, null, 2) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
