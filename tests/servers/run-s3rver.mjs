// Starts s3rver (pinned in package.json) on 127.0.0.1 for Ferry's tests.
// Usage: node run-s3rver.mjs --port N --directory DIR --bucket NAME
// Credentials accepted: FERRY_TEST_ACCESS_KEY_ID / FERRY_TEST_SECRET_ACCESS_KEY (s3rver does not
// check SigV4 signatures; s3-check-proxy.mjs does). Prints {"port": N} once listening.
import S3rver from 's3rver';
import AWSAccount from 's3rver/lib/models/account.js';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number(arg('port', '0'));
const directory = arg('directory');
const bucket = arg('bucket', 'ferry-test');
if (!directory) {
  console.error('run-s3rver: --directory is required');
  process.exit(2);
}
const keyId = process.env.FERRY_TEST_ACCESS_KEY_ID;
const secret = process.env.FERRY_TEST_SECRET_ACCESS_KEY;
if (keyId && secret) AWSAccount.DUMMY_ACCOUNT.createKeyPair(keyId, secret);

const server = new S3rver({
  address: '127.0.0.1',
  port,
  directory,
  silent: true,
  vhostBuckets: false,
  resetOnClose: false,
  configureBuckets: [{ name: bucket }],
});

const address = await server.run();
process.stdout.write(JSON.stringify({ port: address.port }) + '\n');

const stop = async () => {
  try {
    await server.close();
  } finally {
    process.exit(0);
  }
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The test that started us went away: stop as well.
process.stdin.on('end', stop);
process.stdin.resume();
