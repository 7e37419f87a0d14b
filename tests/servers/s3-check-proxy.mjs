// A proxy in front of s3rver for Ferry's S3 tests, on 127.0.0.1 only.
//
// 1. Checks every request's SigV4 signature with the AWS SDK's own signer (@smithy/signature-v4),
//    using the same credentials as the test; a mismatch is answered 403 SignatureDoesNotMatch.
//    s3rver itself does not check SigV4, so without this a wrong signature would pass unnoticed.
// 2. Injects faults on chosen requests (5xx, 429, connection resets, 403, redirects) so that
//    retries, fail-fast and redirect handling can be tested.
// 3. Answers the S3 calls s3rver 3.7.1 lacks or gets wrong from s3rver's own store folder:
//    ListObjectsV2 (s3rver lists "a/x" before "a-b" and its continuation skips keys then),
//    ListParts, ListMultipartUploads, AbortMultipartUpload; checks CompleteMultipartUpload's
//    part list (InvalidPart, InvalidPartOrder, EntityTooSmall) and Content-MD5 (BadDigest),
//    gives multipart objects the ETag AWS gives them (MD5 of the part MD5s, "-", part count), and
//    hands s3rver x-amz-copy-source in the form its decodeURI reads as S3 would, and answers a
//    ranged GET of an empty object with 416 as S3 does (s3rver stalls).
//
// Usage: node s3-check-proxy.mjs --target http://127.0.0.1:PORT --store DIR [--region R]
//        node s3-check-proxy.mjs --record        (a plain server that only records requests)
// Credentials: FERRY_TEST_ACCESS_KEY_ID, FERRY_TEST_SECRET_ACCESS_KEY, FERRY_TEST_SESSION_TOKEN.
// Control (never signed): POST /__ferry/faults [rules], GET /__ferry/log, POST /__ferry/reset.
// A rule: {"method": "PUT", "match": "partNumber=2", "action": "status:503" | "status:429" |
//          "status:500" | "status:403" | "reset" | "redirect:http://127.0.0.1:N", "times": 1,
//          "skip": 0}. Prints {"port": N} once listening.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { escapeUri } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const recordOnly = process.argv.includes('--record');
const target = recordOnly ? null : new URL(arg('target'));
const store = arg('store');
const region = arg('region', 'us-east-1');
const credentials = {
  accessKeyId: process.env.FERRY_TEST_ACCESS_KEY_ID,
  secretAccessKey: process.env.FERRY_TEST_SECRET_ACCESS_KEY,
  ...(process.env.FERRY_TEST_SESSION_TOKEN
    ? { sessionToken: process.env.FERRY_TEST_SESSION_TOKEN }
    : {}),
};
const signer = new SignatureV4({
  credentials,
  region,
  service: 's3',
  sha256: Sha256,
  uriEscapePath: false, // S3: the path is signed exactly as sent (checked separately below)
  applyChecksum: false,
});

const MIN_PART = 5 * 1024 * 1024;
let rules = [];
let log = [];

// ---------------------------------------------------------------------------------------------
// Small helpers

const xmlEscape = s =>
  String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);

function sendXml(res, status, xml, headers = {}) {
  const body = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n' + xml);
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': body.length, ...headers });
  res.end(body);
}

function sendError(res, status, code, message) {
  sendXml(res, status, `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`);
}

function splitUrl(rawUrl) {
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
  const query = {};
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
    if (key in query) query[key] = [].concat(query[key], value);
    else query[key] = value;
  }
  const segments = rawPath.split('/').slice(1);
  const bucket = decodeURIComponent(segments[0] || '');
  const key = segments.length > 1 ? segments.slice(1).map(decodeURIComponent).join('/') : '';
  return { rawPath, rawQuery, query, bucket, key };
}

const iso = date => date.toISOString();
const md5Hex = buf => crypto.createHash('md5').update(buf).digest('hex');

// ---------------------------------------------------------------------------------------------
// Signature check with the AWS SDK signer

async function verifySignature(req, body, url) {
  const auth = req.headers['authorization'];
  if (!auth) return 'no Authorization header';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return `malformed Authorization header`;
  const [, keyId, day, authRegion, service, signedList, signature] = m;
  if (keyId !== credentials.accessKeyId) return 'unknown access key';
  if (authRegion !== region || service !== 's3') return `scope ${authRegion}/${service}`;
  const amzDate = req.headers['x-amz-date'];
  if (!amzDate || !amzDate.startsWith(day)) return 'x-amz-date missing or not the scope date';
  const signed = signedList.split(';');
  for (const required of ['host', 'x-amz-date', 'x-amz-content-sha256'])
    if (!signed.includes(required)) return `${required} not signed`;
  if (credentials.sessionToken && !signed.includes('x-amz-security-token'))
    return 'x-amz-security-token not signed';
  for (const name of Object.keys(req.headers))
    if ((name.startsWith('x-amz-') || name === 'content-md5' || name === 'range') && !signed.includes(name))
      return `${name} sent but not signed`;
  const payloadHash = req.headers['x-amz-content-sha256'];
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== crypto.createHash('sha256').update(body).digest('hex'))
    return 'x-amz-content-sha256 does not match the body';
  // The path must be the AWS encoding of the decoded key: each segment encoded once.
  const canonicalPath = url.rawPath.split('/').map(s => escapeUri(decodeURIComponent(s))).join('/');
  if (canonicalPath !== url.rawPath) return `path ${url.rawPath} is not AWS-encoded (${canonicalPath})`;

  const headers = {};
  for (const name of signed) {
    if (!(name in req.headers)) return `signed header ${name} absent`;
    headers[name] = req.headers[name];
  }
  const date = new Date(Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8),
    +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15)));
  if (Math.abs(Date.now() - date.getTime()) > 15 * 60 * 1000) return 'request time too skewed';
  const expected = await signer.sign(
    { method: req.method, protocol: 'http:', hostname: headers.host, path: url.rawPath, query: url.query, headers, body },
    { signingDate: date, signableHeaders: new Set(signed) },
  );
  const want = expected.headers['authorization'];
  if (want !== auth) return `signature mismatch: SDK computed ${want.slice(want.indexOf('SignedHeaders='))}`;
  if (!want.endsWith(signature)) return 'signature mismatch';
  return null;
}

// ---------------------------------------------------------------------------------------------
// s3rver's store (lib/stores/filesystem.js of s3rver 3.7.1)

const OBJECT_SUFFIX = '._S3rver_object';
const bucketDir = bucket => path.join(store, bucket);
const uploadDir = (bucket, id) => path.join(store, bucket, '._S3rver_uploads', id);
const objectPath = (bucket, key) => path.join(store, bucket, ...key.split('/')) + OBJECT_SUFFIX;

function allObjects(bucket) {
  const root = bucketDir(bucket);
  const out = [];
  const walk = dir => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(OBJECT_SUFFIX))
        out.push(path.relative(root, full).split(path.sep).join('/').slice(0, -OBJECT_SUFFIX.length));
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function objectEtag(bucket, key) {
  const file = objectPath(bucket, key);
  try {
    return fs.readFileSync(file + '.md5', 'utf8');
  } catch {
    return md5Hex(fs.readFileSync(file));
  }
}

function listObjectsV2(res, url) {
  const q = url.query;
  const prefix = q.prefix || '';
  const maxKeys = Math.min(1000, q['max-keys'] !== undefined ? Number(q['max-keys']) : 1000);
  const startAfter = q['continuation-token']
    ? Buffer.from(q['continuation-token'], 'base64url').toString('utf8')
    : q['start-after'] || '';
  const encode = q['encoding-type'] === 'url';
  const enc = s => (encode ? encodeURIComponent(s).replace(/%2F/g, '/').replace(/%20/g, '+') : s);
  const keys = allObjects(url.bucket).filter(
    k => k.startsWith(prefix) && Buffer.compare(Buffer.from(k), Buffer.from(startAfter)) > 0,
  );
  const page = keys.slice(0, maxKeys);
  const truncated = keys.length > page.length;
  let xml = `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(url.bucket)}</Name>`;
  xml += `<Prefix>${xmlEscape(enc(prefix))}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>`;
  if (encode) xml += '<EncodingType>url</EncodingType>';
  xml += `<IsTruncated>${truncated}</IsTruncated>`;
  if (truncated)
    xml += `<NextContinuationToken>${Buffer.from(page[page.length - 1]).toString('base64url')}</NextContinuationToken>`;
  for (const key of page) {
    const st = fs.statSync(objectPath(url.bucket, key));
    xml += `<Contents><Key>${xmlEscape(enc(key))}</Key><LastModified>${iso(st.mtime)}</LastModified>`;
    xml += `<ETag>&quot;${objectEtag(url.bucket, key)}&quot;</ETag><Size>${st.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
  }
  sendXml(res, 200, xml + '</ListBucketResult>');
}

function uploadParts(bucket, id) {
  const dir = uploadDir(bucket, id);
  return fs.readdirSync(dir)
    .filter(name => /^\d+$/.test(name))
    .map(name => {
      const st = fs.statSync(path.join(dir, name));
      return { number: Number(name), size: st.size, mtime: st.mtime, etag: fs.readFileSync(path.join(dir, name + '.md5'), 'utf8') };
    })
    .sort((a, b) => a.number - b.number);
}

function uploadKey(bucket, id) {
  try {
    return fs.readFileSync(path.join(uploadDir(bucket, id), 'key'), 'utf8');
  } catch {
    return null;
  }
}

function listParts(res, url) {
  const id = url.query.uploadId;
  if (uploadKey(url.bucket, id) !== url.key) return sendError(res, 404, 'NoSuchUpload', 'The specified upload does not exist.');
  const marker = Number(url.query['part-number-marker'] || 0);
  const max = Math.min(1000, Number(url.query['max-parts'] || 1000));
  const parts = uploadParts(url.bucket, id).filter(p => p.number > marker);
  const page = parts.slice(0, max);
  let xml = `<ListPartsResult><Bucket>${xmlEscape(url.bucket)}</Bucket><Key>${xmlEscape(url.key)}</Key><UploadId>${id}</UploadId>`;
  xml += `<IsTruncated>${parts.length > page.length}</IsTruncated>`;
  if (parts.length > page.length) xml += `<NextPartNumberMarker>${page[page.length - 1].number}</NextPartNumberMarker>`;
  for (const p of page)
    xml += `<Part><PartNumber>${p.number}</PartNumber><LastModified>${iso(p.mtime)}</LastModified><ETag>&quot;${p.etag}&quot;</ETag><Size>${p.size}</Size></Part>`;
  sendXml(res, 200, xml + '</ListPartsResult>');
}

function listUploads(res, url) {
  const prefix = url.query.prefix || '';
  const dir = path.join(bucketDir(url.bucket), '._S3rver_uploads');
  const uploads = fs.existsSync(dir)
    ? fs.readdirSync(dir).map(id => ({ id, key: uploadKey(url.bucket, id), started: fs.statSync(path.join(dir, id)).birthtime }))
        .filter(u => u.key !== null && u.key.startsWith(prefix))
    : [];
  let xml = `<ListMultipartUploadsResult><Bucket>${xmlEscape(url.bucket)}</Bucket><IsTruncated>false</IsTruncated>`;
  for (const u of uploads)
    xml += `<Upload><Key>${xmlEscape(u.key)}</Key><UploadId>${u.id}</UploadId><Initiated>${iso(u.started)}</Initiated></Upload>`;
  sendXml(res, 200, xml + '</ListMultipartUploadsResult>');
}

function abortUpload(res, url) {
  const id = url.query.uploadId;
  if (uploadKey(url.bucket, id) !== url.key) return sendError(res, 404, 'NoSuchUpload', 'The specified upload does not exist.');
  fs.rmSync(uploadDir(url.bucket, id), { recursive: true, force: true });
  res.writeHead(204);
  res.end();
}

// Returns the AWS ETag the completed object will have, or answers the request with S3's error.
function checkCompletion(res, url, body) {
  const id = url.query.uploadId;
  if (uploadKey(url.bucket, id) !== url.key) {
    sendError(res, 404, 'NoSuchUpload', 'The specified upload does not exist.');
    return null;
  }
  const stored = new Map(uploadParts(url.bucket, id).map(p => [p.number, p]));
  const listed = [...body.toString('utf8').matchAll(/<Part>\s*<PartNumber>(\d+)<\/PartNumber>\s*<ETag>([^<]*)<\/ETag>\s*<\/Part>/g)]
    .map(m => ({ number: Number(m[1]), etag: m[2].replace(/&quot;|"/g, '') }));
  if (listed.length === 0) {
    sendError(res, 400, 'MalformedXML', 'The XML you provided was not well-formed.');
    return null;
  }
  for (let i = 0; i < listed.length; i++) {
    const part = stored.get(listed[i].number);
    if (i > 0 && listed[i].number <= listed[i - 1].number) {
      sendError(res, 400, 'InvalidPartOrder', 'The list of parts was not in ascending order.');
      return null;
    }
    if (!part || part.etag !== listed[i].etag) {
      sendError(res, 400, 'InvalidPart', `Part ${listed[i].number} could not be found or its ETag does not match.`);
      return null;
    }
    if (i < listed.length - 1 && part.size < MIN_PART) {
      sendError(res, 400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.');
      return null;
    }
  }
  const joined = Buffer.concat(listed.map(p => Buffer.from(p.etag, 'hex')));
  return `${md5Hex(joined)}-${listed.length}`;
}

// ---------------------------------------------------------------------------------------------
// Faults

function takeFault(req) {
  for (const rule of rules) {
    if (rule.times <= 0) continue;
    if (rule.method && rule.method !== req.method) continue;
    if (rule.match && !req.url.includes(rule.match)) continue;
    if (rule.skip > 0) {
      rule.skip--;
      continue;
    }
    rule.times--;
    return rule;
  }
  return null;
}

function applyFault(rule, req, res) {
  const [kind, value] = [rule.action.split(':')[0], rule.action.slice(rule.action.indexOf(':') + 1)];
  if (kind === 'reset') {
    req.socket.resetAndDestroy();
    return;
  }
  if (kind === 'redirect') {
    res.writeHead(307, { location: value + req.url, 'content-length': 0 });
    res.end();
    return;
  }
  const status = Number(value);
  const code = { 403: 'AccessDenied', 429: 'SlowDown', 500: 'InternalError', 503: 'SlowDown' }[status] || 'InjectedFault';
  sendError(res, status, code, 'Injected by the test proxy.');
}

// ---------------------------------------------------------------------------------------------
// Forwarding to s3rver

function forward(req, res, body, completionEtag, url) {
  const headers = { ...req.headers, 'content-length': body.length };
  // S3 URL-decodes x-amz-copy-source completely; s3rver only applies decodeURI.
  if (headers['x-amz-copy-source'])
    headers['x-amz-copy-source'] = encodeURI(decodeURIComponent(headers['x-amz-copy-source']));
  delete headers['transfer-encoding'];
  const upstream = http.request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
    up => {
      const chunks = [];
      up.on('data', c => chunks.push(c));
      up.on('end', () => {
        let out = Buffer.concat(chunks);
        const outHeaders = { ...up.headers };
        if (completionEtag && up.statusCode === 200) {
          fs.writeFileSync(objectPath(url.bucket, url.key) + '.md5', completionEtag);
          out = Buffer.from(out.toString('utf8').replace(/<ETag>[^<]*<\/ETag>/, `<ETag>&quot;${completionEtag}&quot;</ETag>`));
        }
        if (req.method !== 'HEAD') outHeaders['content-length'] = out.length;
        delete outHeaders['transfer-encoding'];
        res.writeHead(up.statusCode, outHeaders);
        res.end(req.method === 'HEAD' ? undefined : out);
      });
    },
  );
  upstream.on('error', err => sendError(res, 502, 'BadGateway', `s3rver is not reachable: ${err.code}`));
  upstream.end(body);
}

// ---------------------------------------------------------------------------------------------

function control(req, res, body) {
  if (req.url === '/__ferry/log') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(log));
  }
  if (req.url === '/__ferry/faults' && req.method === 'POST') {
    for (const rule of JSON.parse(body.toString('utf8') || '[]'))
      rules.push({ times: 1, skip: 0, ...rule });
    res.writeHead(204);
    return res.end();
  }
  if (req.url === '/__ferry/reset' && req.method === 'POST') {
    rules = [];
    log = [];
    res.writeHead(204);
    return res.end();
  }
  res.writeHead(404);
  res.end();
}

const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  if (req.url.startsWith('/__ferry/')) return control(req, res, body);

  const entry = { method: req.method, url: req.url, authorization: 'authorization' in req.headers, signature: null, fault: null };
  log.push(entry);
  if (recordOnly) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end('recorded');
  }
  const rule = takeFault(req);
  if (rule) {
    entry.fault = rule.action;
    return applyFault(rule, req, res);
  }
  const url = splitUrl(req.url);
  try {
    const problem = await verifySignature(req, body, url);
    entry.signature = problem || 'ok';
    if (problem) return sendError(res, 403, 'SignatureDoesNotMatch', problem);
  } catch (err) {
    entry.signature = `error: ${err.message}`;
    return sendError(res, 403, 'SignatureDoesNotMatch', err.message);
  }
  const md5 = req.headers['content-md5'];
  if (md5 !== undefined && crypto.createHash('md5').update(body).digest('base64') !== md5)
    return sendError(res, 400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');

  const q = url.query;
  try {
    if (req.method === 'GET' && !url.key && q['list-type'] === '2') return listObjectsV2(res, url);
    if (req.method === 'GET' && !url.key && 'uploads' in q) return listUploads(res, url);
    if (req.method === 'GET' && url.key && 'uploadId' in q) return listParts(res, url);
    if (req.method === 'DELETE' && url.key && 'uploadId' in q) return abortUpload(res, url);
    // s3rver stalls on a ranged GET of an empty object; S3 answers 416 with the size.
    if (req.method === 'GET' && url.key && req.headers.range && !Object.keys(q).length) {
      const file = objectPath(url.bucket, url.key);
      if (fs.existsSync(file) && fs.statSync(file).size === 0)
        return sendXml(res, 416, '<Error><Code>InvalidRange</Code><Message>The requested range is not satisfiable</Message></Error>',
          { 'content-range': 'bytes */0', etag: `"${objectEtag(url.bucket, url.key)}"` });
    }
    let completionEtag = null;
    if (req.method === 'POST' && url.key && 'uploadId' in q) {
      completionEtag = checkCompletion(res, url, body);
      if (!completionEtag) return;
    }
    return forward(req, res, body, completionEtag, url);
  } catch (err) {
    return sendError(res, 500, 'InternalError', err.message);
  }
});

server.listen(Number(arg('port', '0')), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
