#include "S3ObjectWriter.hpp"

#include "S3Protocol.hpp"

#include <ferry/engine/ContentHasher.hpp>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <random>
#include <sstream>

namespace ferry::engine {
namespace {

constexpr std::uint64_t kMaxCopySize = 5ull << 30; // CopyObject's limit.
constexpr int kMaxParts = 10000;
constexpr int kPartChecksumTries = 3;

std::string randomId() {
    static constexpr char kHex[] = "0123456789abcdef";
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::string out;
    for (int i = 0; i < 24; ++i)
        out.push_back(kHex[random() & 15]);
    return out;
}

std::span<const std::byte> bytesOf(std::string_view text) {
    return std::as_bytes(std::span(text.data(), text.size()));
}

std::string lowerHex(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'F')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string xmlEscape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

} // namespace

S3ObjectWriter::S3ObjectWriter(const S3Client& client, const S3Settings& settings, std::string key,
                               std::string objectKey, std::string stagingFolder,
                               const WriteOptions& options)
    : m_client(client), m_settings(settings), m_key(std::move(key)),
      m_objectKey(std::move(objectKey)), m_stagingKey(std::move(stagingFolder)), m_options(options),
      m_writeId(randomId()) {
    // Raise the part size when the expected size would need more than S3's 10,000 parts.
    if (m_options.expectedSize / m_settings.partSize >= kMaxParts) {
        const std::uint64_t needed = m_options.expectedSize / (kMaxParts - 1) + 1;
        m_settings.partSize = (needed + (1u << 20) - 1) / (1u << 20) * (1u << 20);
    }
}

S3ObjectWriter::~S3ObjectWriter() {
    // Dropped without commit or abort (a crash, as far as S3 is concerned): let uploads in flight
    // finish so that the resume token stays true; the upload itself is kept for a resume.
    for (auto& [number, future] : m_pending)
        if (future.valid())
            future.wait();
}

Error S3ObjectWriter::failed(const std::string& code, const std::string& message) const {
    return Error{code, message, "s3://" + m_client.endpoint().bucket + "/" + m_objectKey};
}

Result<std::unique_ptr<ObjectWriter>> S3ObjectWriter::open(const S3Client& client,
                                                           const S3Settings& settings,
                                                           std::string key, std::string objectKey,
                                                           std::string stagingFolder,
                                                           const WriteOptions& options) {
    std::unique_ptr<S3ObjectWriter> writer(new S3ObjectWriter(
        client, settings, std::move(key), std::move(objectKey), stagingFolder, options));
    writer->m_stagingKey = stagingFolder + writer->m_writeId;
    if (!options.resumeToken.empty()) {
        auto resumed = writer->resumeFrom(options.resumeToken);
        if (!resumed)
            return resumed.error();
    }
    return std::unique_ptr<ObjectWriter>(std::move(writer));
}

Result<void> S3ObjectWriter::resumeFrom(const std::string& token) {
    nlohmann::json state;
    try {
        state = nlohmann::json::parse(token);
        if (state.at("v").get<int>() != 1)
            throw std::runtime_error("version");
    } catch (const std::exception&) {
        return failed("write.resume_token",
                      "The resume token for '" + m_key +
                          "' is not one Ferry's S3 connector wrote; start the copy of this "
                          "object again without it.");
    }
    if (state.value("key", std::string()) != m_objectKey)
        return failed("write.resume_token",
                      "The resume token names another object than '" + m_key +
                          "'; Ferry will not mix two objects. Start this object again.");

    m_writeId = state.value("id", m_writeId);
    const std::string stagingFolder = m_stagingKey.substr(0, m_stagingKey.rfind('/') + 1);
    m_stagingKey = stagingFolder + m_writeId;
    const std::string uploadId = state.value("upload", std::string());
    const std::uint64_t partSize = state.value("partSize", std::uint64_t{0});
    std::vector<Part> tokenParts;
    for (const auto& p : state.value("parts", nlohmann::json::array()))
        tokenParts.push_back(Part{p.at(0).get<int>(), p.at(1).get<std::uint64_t>(),
                                  p.at(2).get<std::string>(), p.at(3).get<std::string>()});

    std::optional<ResumableSha256> sha = ResumableSha256::restore(state.value("sha", ""));
    if (!uploadId.empty()) {
        // Confirm with ListParts that every recorded part is still there, unchanged.
        std::map<int, std::pair<std::uint64_t, std::string>> onServer;
        std::string marker;
        bool gone = false;
        for (;;) {
            S3Call call{"GET", m_objectKey, {{"uploadId", uploadId}},
                        {},    {},          "list the uploaded parts of '" + m_key + "'"};
            if (!marker.empty())
                call.query.emplace_back("part-number-marker", marker);
            auto listed = m_client.send(call);
            if (!listed)
                return listed.error();
            if (listed->status == 404) {
                gone = true;
                break;
            }
            if (listed->status != 200)
                return m_client.failure(*listed, call.what);
            pugi::xml_document doc;
            doc.load_buffer(listed->body.data(), listed->body.size());
            const auto root = doc.child("ListPartsResult");
            for (const auto& part : root.children("Part"))
                onServer[part.child("PartNumber").text().as_int()] = {
                    part.child("Size").text().as_ullong(),
                    s3::unquote(part.child("ETag").text().as_string())};
            if (std::string(root.child("IsTruncated").text().as_string()) != "true")
                break;
            marker = root.child("NextPartNumberMarker").text().as_string();
            if (marker.empty())
                break;
        }
        bool allThere = !gone && sha.has_value() && partSize == m_settings.partSize;
        for (std::size_t i = 0; allThere && i < tokenParts.size(); ++i) {
            const Part& p = tokenParts[i];
            const auto it = onServer.find(p.number);
            allThere = p.number == static_cast<int>(i) + 1 && it != onServer.end() &&
                       it->second.first == p.size &&
                       lowerHex(it->second.second) == lowerHex(p.etag);
        }
        if (!allThere) {
            // Start again from byte 0; a part we cannot vouch for is never reused.
            if (!gone) {
                S3Call abortCall{
                    "DELETE", m_objectKey, {{"uploadId", uploadId}},
                    {},       {},          "abort the stale upload of '" + m_key + "'"};
                (void)m_client.send(abortCall);
            }
            return model::success();
        }
        m_multipart = true;
        m_uploadId = uploadId;
        for (const Part& p : tokenParts)
            m_parts[p.number] = p;
        m_nextPart = static_cast<int>(tokenParts.size()) + 1;
        m_sha = *sha;
        m_stateAfterPart[m_nextPart - 1] = m_sha.saveState();
        m_bufferOffset = bytesInParts(m_nextPart - 1);
    } else if (!tokenParts.empty() || !sha) {
        return model::success();
    }

    if (state.contains("staged")) {
        const auto& staged = state.at("staged");
        const Staged s{staged.value("offset", std::uint64_t{0}),
                       staged.value("size", std::uint64_t{0}), staged.value("md5", std::string())};
        if (s.offset == m_bufferOffset) {
            S3Call get{"GET", m_stagingKey, {}, {}, {}, "read the checkpoint of '" + m_key + "'"};
            auto got = m_client.send(get);
            if (!got)
                return got.error();
            if (got->status == 200 && got->body.size() == s.size &&
                ContentHasher::hex(HashKind::Md5, got->body) == s.md5) {
                const auto bytes = bytesOf(got->body);
                m_buffer.assign(bytes.begin(), bytes.end());
                m_staged = s;
            }
        }
    }
    m_written = m_bufferOffset + m_buffer.size();
    m_resumeOffset = m_written;
    return model::success();
}

std::uint64_t S3ObjectWriter::bytesInParts(int count) const {
    std::uint64_t total = 0;
    for (const auto& [number, part] : m_parts)
        if (number <= count)
            total += part.size;
    return total;
}

int S3ObjectWriter::contiguousParts() const {
    int n = 0;
    while (m_parts.count(n + 1) == 1)
        ++n;
    return n;
}

std::vector<std::pair<std::string, std::string>>
S3ObjectWriter::metadataHeaders(const std::string& sha) const {
    std::vector<std::pair<std::string, std::string>> headers;
    headers.emplace_back("content-type", "application/octet-stream");
    for (const auto& [name, value] : m_options.metadata)
        if (name != "ferry-sha256")
            headers.emplace_back("x-amz-meta-" + name, value);
    if (!sha.empty())
        headers.emplace_back("x-amz-meta-ferry-sha256", sha);
    return headers;
}

Result<void> S3ObjectWriter::startUpload() {
    // Metadata must be given now; the SHA-256 goes in only when the caller knows it already.
    const auto supplied = m_options.metadata.find("ferry-sha256");
    S3Call call{"POST",
                m_objectKey,
                {{"uploads", ""}},
                metadataHeaders(supplied == m_options.metadata.end() ? "" : supplied->second),
                {},
                "start the multipart upload of '" + m_key + "'"};
    auto created = m_client.send(call);
    if (!created)
        return created.error();
    if (created->status != 200)
        return m_client.failure(*created, call.what);
    pugi::xml_document doc;
    doc.load_buffer(created->body.data(), created->body.size());
    m_uploadId = doc.child("InitiateMultipartUploadResult").child("UploadId").text().as_string();
    if (m_uploadId.empty())
        return m_client.failure(*created, call.what);
    m_stateAfterPart[0] = m_sha.saveState();
    return model::success();
}

Result<S3ObjectWriter::Part> S3ObjectWriter::uploadPart(int number,
                                                        const std::vector<std::byte>& bytes) const {
    const std::string md5 = ContentHasher::hex(HashKind::Md5, bytes);
    const std::string what = "upload part " + std::to_string(number) + " of '" + m_key + "'";
    std::string lastEtag;
    for (int attempt = 1; attempt <= kPartChecksumTries; ++attempt) {
        S3Call call{"PUT",
                    m_objectKey,
                    {{"partNumber", std::to_string(number)}, {"uploadId", m_uploadId}},
                    {{"content-md5", s3::base64OfHex(md5)}},
                    bytes,
                    what};
        auto sent = m_client.send(call);
        if (!sent)
            return sent.error();
        if (sent->status != 200)
            return m_client.failure(*sent, what);
        lastEtag = s3::unquote(sent->header("etag"));
        // The part's ETag is its MD5 (unless the bucket encrypts with KMS or a customer key).
        if (!s3::etagIsMd5(lastEtag, *sent) || lowerHex(lastEtag) == md5)
            return Part{number, bytes.size(), lastEtag, md5};
    }
    return failed("s3.checksum", "S3 stored part " + std::to_string(number) + " of '" + m_key +
                                     "' with ETag " + lastEtag + " instead of its MD5 " + md5 +
                                     " three times; the network or the server corrupts data.");
}

Result<void> S3ObjectWriter::collectOne() {
    auto [number, future] = std::move(m_pending.front());
    m_pending.pop_front();
    auto part = future.get();
    if (!part) {
        if (!m_error)
            m_error = part.error();
        return part.error();
    }
    m_parts[number] = *part;
    return model::success();
}

Result<void> S3ObjectWriter::collectAll() {
    while (!m_pending.empty())
        (void)collectOne();
    if (m_error)
        return *m_error;
    return model::success();
}

Result<void> S3ObjectWriter::dispatchPart(std::vector<std::byte> bytes) {
    if (m_uploadId.empty()) {
        auto started = startUpload();
        if (!started)
            return started;
    }
    if (m_nextPart > kMaxParts)
        return failed("s3.too_large",
                      "'" + m_key + "' needs more than 10,000 parts of " +
                          std::to_string(m_settings.partSize) +
                          " bytes; raise part_size in the address or give the expected size.");
    const int number = m_nextPart++;
    m_sha.update(bytes);
    m_stateAfterPart[number] = m_sha.atBlockBoundary() ? m_sha.saveState() : std::string();
    while (static_cast<int>(m_pending.size()) >= std::max(1, m_settings.concurrency)) {
        auto done = collectOne();
        if (!done)
            return done;
    }
    auto shared = std::make_shared<std::vector<std::byte>>(std::move(bytes));
    m_pending.emplace_back(number, std::async(std::launch::async, [this, number, shared] {
                               return uploadPart(number, *shared);
                           }));
    return model::success();
}

Result<void> S3ObjectWriter::write(std::span<const std::byte> data) {
    if (m_finished)
        return failed("write.closed", "The write of '" + m_key +
                                          "' was already committed or "
                                          "aborted; open a new writer.");
    if (m_error)
        return *m_error;
    m_buffer.insert(m_buffer.end(), data.begin(), data.end());
    m_written += data.size();
    if (!m_multipart &&
        (m_buffer.size() > m_settings.multipartCutoff ||
         (m_options.expectedSize >= m_settings.multipartCutoff && m_options.expectedSize > 0)))
        m_multipart = true;
    while (m_multipart && m_buffer.size() >= m_settings.partSize) {
        const auto cut = m_buffer.begin() + static_cast<std::ptrdiff_t>(m_settings.partSize);
        std::vector<std::byte> part(m_buffer.begin(), cut);
        m_buffer.erase(m_buffer.begin(), cut);
        m_bufferOffset += part.size();
        auto sent = dispatchPart(std::move(part));
        if (!sent)
            return sent;
    }
    return model::success();
}

Result<void> S3ObjectWriter::putStaging() {
    const std::string md5 = ContentHasher::hex(HashKind::Md5, m_buffer);
    if (m_staged && m_staged->offset == m_bufferOffset && m_staged->size == m_buffer.size() &&
        m_staged->md5 == md5)
        return model::success();
    S3Call call{"PUT",    m_stagingKey,
                {},       {{"content-md5", s3::base64OfHex(md5)}},
                m_buffer, "save the checkpoint of '" + m_key + "'"};
    auto put = m_client.send(call);
    if (!put)
        return put.error();
    if (put->status != 200)
        return m_client.failure(*put, call.what);
    m_staged = Staged{m_bufferOffset, m_buffer.size(), md5};
    return model::success();
}

void S3ObjectWriter::removeStaging() {
    if (!m_staged)
        return;
    S3Call call{"DELETE", m_stagingKey, {}, {}, {}, "remove the checkpoint of '" + m_key + "'"};
    (void)m_client.send(call);
    m_staged.reset();
}

Result<void> S3ObjectWriter::checkpoint() {
    if (m_finished)
        return model::success();
    auto collected = collectAll();
    if (!collected)
        return collected;
    if (m_buffer.empty())
        return model::success();
    return putStaging();
}

std::string S3ObjectWriter::resumeToken() const {
    nlohmann::json state;
    state["v"] = 1;
    state["key"] = m_objectKey;
    state["id"] = m_writeId;
    state["partSize"] = m_settings.partSize;
    const int parts = contiguousParts();
    nlohmann::json list = nlohmann::json::array();
    for (int n = 1; n <= parts; ++n) {
        const Part& p = m_parts.at(n);
        list.push_back({p.number, p.size, p.etag, p.md5});
    }
    if (!m_uploadId.empty()) {
        state["upload"] = m_uploadId;
        state["parts"] = list;
        const auto it = m_stateAfterPart.find(parts);
        state["sha"] = it == m_stateAfterPart.end() ? std::string() : it->second;
    } else {
        state["sha"] = ResumableSha256().saveState();
    }
    const std::uint64_t durable = bytesInParts(parts);
    if (m_staged && m_staged->offset == durable)
        state["staged"] = {
            {"offset", m_staged->offset}, {"size", m_staged->size}, {"md5", m_staged->md5}};
    return state.dump();
}

Result<ObjectInfo> S3ObjectWriter::headCommitted() {
    S3Call head{"HEAD", m_objectKey, {}, {}, {}, "check the committed '" + m_key + "'"};
    auto got = m_client.send(head);
    if (!got)
        return got.error();
    if (got->status != 200)
        return m_client.failure(*got, head.what);
    ObjectInfo info = s3::objectInfoFromHead(m_key, *got);
    if (info.size != m_written)
        return failed("s3.checksum", "S3 holds " + std::to_string(info.size) + " bytes for '" +
                                         m_key + "' but " + std::to_string(m_written) +
                                         " were written; copy it again.");
    return info;
}

Result<ObjectInfo> S3ObjectWriter::commitSingle() {
    m_sha.update(m_buffer);
    const std::string sha = m_sha.finishHex();
    const auto supplied = m_options.metadata.find("ferry-sha256");
    if (supplied != m_options.metadata.end() && supplied->second != sha)
        return failed("s3.checksum", "The bytes written for '" + m_key + "' have SHA-256 " + sha +
                                         " but the source declared " + supplied->second +
                                         "; nothing was published. Copy the object again.");
    const std::string md5 = ContentHasher::hex(HashKind::Md5, m_buffer);
    S3Call call{"PUT", m_objectKey, {}, metadataHeaders(sha), m_buffer, "write '" + m_key + "'"};
    call.headers.emplace_back("content-md5", s3::base64OfHex(md5));
    auto put = m_client.send(call);
    if (!put)
        return put.error();
    if (put->status != 200)
        return m_client.failure(*put, call.what);
    const std::string etag = s3::unquote(put->header("etag"));
    if (s3::etagIsMd5(etag, *put) && lowerHex(etag) != md5)
        return failed("s3.checksum", "S3 stored '" + m_key + "' with ETag " + etag +
                                         " instead of its MD5 " + md5 + "; copy it again.");
    return headCommitted();
}

Result<void> S3ObjectWriter::setHashByCopy(const std::string& sha256) {
    S3Call call{
        "PUT", m_objectKey, {}, metadataHeaders(sha256), {}, "record the SHA-256 of '" + m_key + "'"};
    call.headers.emplace_back("x-amz-copy-source", "/" + m_client.endpoint().bucket + "/" +
                                                       SigV4::uriEncode(m_objectKey, true));
    call.headers.emplace_back("x-amz-metadata-directive", "REPLACE");
    auto copied = m_client.send(call);
    if (!copied)
        return copied.error();
    pugi::xml_document doc;
    doc.load_buffer(copied->body.data(), copied->body.size());
    // CopyObject can fail after answering 200: the error is then in the body.
    if (copied->status != 200 || doc.child("Error"))
        return m_client.failure(*copied, call.what);
    return model::success();
}

Result<ObjectInfo> S3ObjectWriter::commitMultipart() {
    if (!m_buffer.empty() || (m_parts.empty() && m_pending.empty())) {
        auto sent = dispatchPart(std::move(m_buffer));
        m_buffer.clear();
        if (!sent)
            return sent.error();
    }
    auto collected = collectAll();
    if (!collected)
        return collected.error();
    const std::string sha = m_sha.finishHex();
    const auto supplied = m_options.metadata.find("ferry-sha256");
    if (supplied != m_options.metadata.end() && supplied->second != sha) {
        abort();
        return failed("s3.checksum", "The bytes written for '" + m_key + "' have SHA-256 " + sha +
                                         " but the source declared " + supplied->second +
                                         "; the upload was aborted and nothing was published.");
    }

    std::string xml = "<CompleteMultipartUpload>";
    std::vector<std::string> md5s;
    for (const auto& [number, part] : m_parts) {
        xml += "<Part><PartNumber>" + std::to_string(number) + "</PartNumber><ETag>\"" +
               xmlEscape(part.etag) + "\"</ETag></Part>";
        md5s.push_back(part.md5);
    }
    xml += "</CompleteMultipartUpload>";
    S3Call call{"POST",
                m_objectKey,
                {{"uploadId", m_uploadId}},
                {{"content-type", "application/xml"}},
                bytesOf(xml),
                "complete the upload of '" + m_key + "'"};
    auto done = m_client.send(call);
    if (!done)
        return done.error();
    pugi::xml_document doc;
    doc.load_buffer(done->body.data(), done->body.size());
    // CompleteMultipartUpload can fail after answering 200: the error is then in the body.
    if (done->status != 200 || doc.child("Error"))
        return m_client.failure(*done, call.what);
    const std::string etag =
        s3::unquote(doc.child("CompleteMultipartUploadResult").child("ETag").text().as_string());
    // Servers that report the AWS multipart ETag let us check the parts S3 assembled.
    if (etag.find('-') != std::string::npos && etag != s3::multipartEtag(md5s))
        return failed("s3.checksum", "S3 assembled '" + m_key + "' with ETag " + etag +
                                         " but the uploaded parts make " + s3::multipartEtag(md5s) +
                                         "; copy the object again.");
    if (supplied == m_options.metadata.end() && m_written <= kMaxCopySize) {
        auto recorded = setHashByCopy(sha);
        if (!recorded)
            return recorded.error();
    }
    return headCommitted();
}

Result<ObjectInfo> S3ObjectWriter::commit() {
    if (m_finished)
        return failed("write.closed", "The write of '" + m_key +
                                          "' was already committed or "
                                          "aborted; open a new writer.");
    if (m_error)
        return *m_error;
    auto info = m_multipart ? commitMultipart() : commitSingle();
    if (!info)
        return info;
    m_finished = true;
    removeStaging();
    m_buffer.clear();
    m_buffer.shrink_to_fit();
    return info;
}

void S3ObjectWriter::abort() {
    if (m_finished)
        return;
    m_finished = true;
    while (!m_pending.empty()) {
        if (m_pending.front().second.valid())
            m_pending.front().second.wait();
        m_pending.pop_front();
    }
    if (!m_uploadId.empty()) {
        S3Call call{"DELETE", m_objectKey, {{"uploadId", m_uploadId}},
                    {},       {},          "abort the upload of '" + m_key + "'"};
        (void)m_client.send(call);
    }
    removeStaging();
    m_buffer.clear();
}

} // namespace ferry::engine
