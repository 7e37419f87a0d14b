#include "ConnectorConformance.hpp"

#include <ferry/engine/ContentHasher.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <thread>

namespace ferry::engine::test {
namespace {

std::span<const std::byte> bytesOf(std::string_view text) {
    return std::as_bytes(std::span(text.data(), text.size()));
}

std::string allByteValues(int repeat) {
    std::string out;
    for (int r = 0; r < repeat; ++r)
        for (int b = 0; b < 256; ++b)
            out.push_back(static_cast<char>(b));
    return out;
}

// Deterministic filler that does not repeat at power-of-two strides.
void fillPattern(std::vector<std::byte>& out, std::uint64_t& state) {
    for (auto& b : out) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        b = static_cast<std::byte>(state >> 56);
    }
}

std::unique_ptr<ObjectWriter> openWriter(Connector& c, const std::string& key,
                                         const WriteOptions& options = {}) {
    auto w = c.openWrite(key, options);
    INFO(key << ": " << (w ? std::string() : w.error().toString()));
    REQUIRE(w.ok());
    return std::move(*w);
}

} // namespace

std::vector<std::string> unsafeKeys() {
    return {"../x",
            "a/../../x",
            "..",
            "prefix/..",
            "/abs",
            "a\\..\\x",
            "..\\x",
            "a/./b",
            ".",
            "./x",
            "a//b",
            "a/",
            "",
            "%2e%2e/x",
            "%2E%2E/x",
            "..%2fx",
            "a%2Fb",
            "a%2fb",
            "a%5Cb",
            "x/%00",
            "%252e%252e/x",
            std::string("a\0b", 3),
            "a\x01z",
            "a\nb",
            "tab\there",
            "del\x7f"};
}

ObjectInfo putObject(Connector& connector, const std::string& key, std::string_view bytes,
                     const WriteOptions& options) {
    auto w = openWriter(connector, key, options);
    auto written = w->write(bytesOf(bytes));
    INFO(key << ": " << (written ? std::string() : written.error().toString()));
    REQUIRE(written.ok());
    auto info = w->commit();
    INFO(key << ": " << (info ? std::string() : info.error().toString()));
    REQUIRE(info.ok());
    return *info;
}

std::string getObject(Connector& connector, const std::string& key, std::uint64_t offset,
                      std::optional<std::uint64_t> length) {
    auto r = connector.openRead(key, offset, length);
    INFO(key << ": " << (r ? std::string() : r.error().toString()));
    REQUIRE(r.ok());
    std::string out;
    std::vector<std::byte> buffer(4096);
    for (;;) {
        auto n = (*r)->read(buffer);
        INFO(key << ": " << (n ? std::string() : n.error().toString()));
        REQUIRE(n.ok());
        if (*n == 0)
            break;
        out.append(reinterpret_cast<const char*>(buffer.data()), *n);
    }
    return out;
}

std::vector<std::string> listKeys(Connector& connector, std::string_view prefix) {
    std::vector<std::string> keys;
    auto listed = connector.list(prefix, [&](const ObjectInfo& info) {
        keys.push_back(info.key);
        return true;
    });
    INFO("prefix '" << prefix << "': " << (listed ? std::string() : listed.error().toString()));
    REQUIRE(listed.ok());
    return keys;
}

void runConnectorConformance(const std::function<std::unique_ptr<Connector>()>& makeFresh,
                             const ConformanceOptions& options) {
    std::unique_ptr<Connector> made = makeFresh();
    REQUIRE(made);
    Connector& c = *made;
    const Capabilities caps = c.capabilities();
    REQUIRE(listKeys(c).empty());

    SECTION("a committed object reads back equal through stat, list and read") {
        const std::string content = allByteValues(40);
        const ObjectInfo committed = putObject(c, "docs/report.bin", content);
        CHECK(committed.key == "docs/report.bin");
        CHECK(committed.size == content.size());

        auto info = c.stat("docs/report.bin");
        REQUIRE(info.ok());
        CHECK(info->key == "docs/report.bin");
        CHECK(info->size == content.size());

        std::vector<ObjectInfo> listed;
        REQUIRE(c.list("", [&](const ObjectInfo& i) {
                     listed.push_back(i);
                     return true;
                 }).ok());
        REQUIRE(listed.size() == 1);
        CHECK(listed[0].key == "docs/report.bin");
        CHECK(listed[0].size == content.size());

        CHECK(getObject(c, "docs/report.bin") == content);
    }

    SECTION("ranged reads return exactly the bytes asked for") {
        std::string content;
        for (int i = 0; i < 1000; ++i)
            content.push_back(static_cast<char>('a' + i % 26));
        putObject(c, "range.txt", content);
        CHECK(getObject(c, "range.txt", 0, 10) == content.substr(0, 10));
        CHECK(getObject(c, "range.txt", 500, 100) == content.substr(500, 100));
        CHECK(getObject(c, "range.txt", 990) == content.substr(990));
        CHECK(getObject(c, "range.txt", 995, 100) == content.substr(995));
        CHECK(getObject(c, "range.txt", 1000).empty());
        CHECK(getObject(c, "range.txt", 3, 0).empty());

        // Many small reads deliver the range in order.
        auto r = c.openRead("range.txt", 123, 456);
        REQUIRE(r.ok());
        std::string pieces;
        std::vector<std::byte> small(7);
        for (;;) {
            auto n = (*r)->read(small);
            REQUIRE(n.ok());
            if (*n == 0)
                break;
            CHECK(*n <= small.size());
            pieces.append(reinterpret_cast<const char*>(small.data()), *n);
        }
        CHECK(pieces == content.substr(123, 456));
    }

    SECTION("list visits keys in key order, under a prefix, nested, and can stop early") {
        std::vector<std::string> keys = {"b",    "a/x",  "a/y/z",   "a.txt", "a-b",
                                         "ab/c", "a/y0", "c/d/e/f", "a/y/a", "B"};
        for (const auto& k : keys)
            putObject(c, k, "content of " + k);
        std::sort(keys.begin(), keys.end());
        CHECK(listKeys(c) == keys);
        CHECK(listKeys(c, "a/") == std::vector<std::string>{"a/x", "a/y/a", "a/y/z", "a/y0"});
        CHECK(listKeys(c, "a/y") == std::vector<std::string>{"a/y/a", "a/y/z", "a/y0"});
        CHECK(listKeys(c, "a/y/") == std::vector<std::string>{"a/y/a", "a/y/z"});
        CHECK(listKeys(c, "a") ==
              std::vector<std::string>{"a-b", "a.txt", "a/x", "a/y/a", "a/y/z", "a/y0", "ab/c"});
        CHECK(listKeys(c, "c/d/") == std::vector<std::string>{"c/d/e/f"});
        CHECK(listKeys(c, "zzz").empty());
        CHECK(listKeys(c, "nothing/here/").empty());

        std::vector<std::string> firstTwo;
        REQUIRE(c.list("", [&](const ObjectInfo& info) {
                     firstTwo.push_back(info.key);
                     return firstTwo.size() < 2;
                 }).ok());
        CHECK(firstTwo == std::vector<std::string>{keys[0], keys[1]});

        std::uint64_t listedSize = 0;
        REQUIRE(c.list("c/", [&](const ObjectInfo& info) {
                     listedSize = info.size;
                     return true;
                 }).ok());
        CHECK(listedSize == std::string("content of c/d/e/f").size());
    }

    SECTION("an aborted write leaves nothing, and an aborted overwrite keeps the old object") {
        auto w = openWriter(c, "aborted/new.bin");
        REQUIRE(w->write(bytesOf("half of it")).ok());
        w->abort();
        w.reset();
        auto missing = c.stat("aborted/new.bin");
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().code == "object.not_found");
        CHECK(listKeys(c).empty());

        putObject(c, "kept.txt", "original");
        auto over = openWriter(c, "kept.txt");
        REQUIRE(over->write(bytesOf("replacement that is aborted")).ok());
        over->abort();
        CHECK(getObject(c, "kept.txt") == "original");
        CHECK(listKeys(c) == std::vector<std::string>{"kept.txt"});
    }

    SECTION("an uncommitted write is invisible under its final key") {
        auto w = openWriter(c, "pending/obj.txt");
        REQUIRE(w->write(bytesOf("not yet")).ok());
        if (caps.resumableWrites)
            REQUIRE(w->checkpoint().ok());
        auto st = c.stat("pending/obj.txt");
        REQUIRE_FALSE(st.ok());
        CHECK(st.error().code == "object.not_found");
        auto rd = c.openRead("pending/obj.txt");
        REQUIRE_FALSE(rd.ok());
        CHECK(rd.error().code == "object.not_found");
        CHECK(listKeys(c).empty());
        REQUIRE(w->commit().ok());
        CHECK(getObject(c, "pending/obj.txt") == "not yet");
        CHECK(listKeys(c) == std::vector<std::string>{"pending/obj.txt"});
    }

    SECTION("an overwrite replaces the object atomically on commit") {
        const std::string v1(5000, '1');
        const std::string v2 = "second version, shorter";
        putObject(c, "doc.txt", v1);
        auto w = openWriter(c, "doc.txt");
        REQUIRE(w->write(bytesOf(v2)).ok());
        CHECK(getObject(c, "doc.txt") == v1);
        auto st = c.stat("doc.txt");
        REQUIRE(st.ok());
        CHECK(st->size == v1.size());
        auto committed = w->commit();
        REQUIRE(committed.ok());
        CHECK(committed->size == v2.size());
        CHECK(getObject(c, "doc.txt") == v2);
        CHECK(listKeys(c) == std::vector<std::string>{"doc.txt"});
    }

    SECTION("remove deletes an object, and removing an absent object succeeds") {
        putObject(c, "gone/soon.txt", "bye");
        putObject(c, "stays.txt", "hi");
        REQUIRE(c.remove("gone/soon.txt").ok());
        auto st = c.stat("gone/soon.txt");
        REQUIRE_FALSE(st.ok());
        CHECK(st.error().code == "object.not_found");
        CHECK(c.remove("gone/soon.txt").ok());
        CHECK(c.remove("never/existed.txt").ok());
        CHECK(listKeys(c) == std::vector<std::string>{"stays.txt"});
    }

    SECTION("stat and read of a missing object report object.not_found") {
        putObject(c, "present.txt", "x");
        for (const std::string key : {"missing.txt", "no/such/folder/x", "present.txt/child"}) {
            INFO(key);
            auto st = c.stat(key);
            REQUIRE_FALSE(st.ok());
            CHECK(st.error().code == "object.not_found");
            auto rd = c.openRead(key);
            REQUIRE_FALSE(rd.ok());
            CHECK(rd.error().code == "object.not_found");
        }
    }

    SECTION("unsafe keys are refused for read, write, stat and remove, creating nothing") {
        const auto outsideBefore =
            options.entriesOutside ? options.entriesOutside() : std::vector<std::string>{};
        for (const auto& key : unsafeKeys()) {
            INFO("key '" << key << "' (" << key.size() << " bytes)");
            const bool printable = std::none_of(key.begin(), key.end(), [](char ch) {
                return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f;
            });
            auto check = [&](const Error& e) {
                CHECK(e.code == "key.unsafe");
                CHECK(e.message.find("nothing was written") != std::string::npos);
                if (printable)
                    CHECK(e.message.find("'" + key + "'") != std::string::npos);
            };
            auto w = c.openWrite(key, {});
            REQUIRE_FALSE(w.ok());
            check(w.error());
            auto r = c.openRead(key);
            REQUIRE_FALSE(r.ok());
            check(r.error());
            auto s = c.stat(key);
            REQUIRE_FALSE(s.ok());
            check(s.error());
            auto d = c.remove(key);
            REQUIRE_FALSE(d.ok());
            check(d.error());
        }
        CHECK(listKeys(c).empty());
        if (options.entriesOutside)
            CHECK(options.entriesOutside() == outsideBefore);
    }

    SECTION("a declared modification time is kept") {
        if (caps.preservesMtime) {
            const std::int64_t mtime = 1'600'000'000'123'456'789;
            const ObjectInfo committed =
                putObject(c, "dated/file.txt", "old news", WriteOptions{.mtimeNs = mtime});
            CHECK(std::abs(committed.mtimeNs - mtime) <= options.mtimeToleranceNs);
            auto st = c.stat("dated/file.txt");
            REQUIRE(st.ok());
            CHECK(std::abs(st->mtimeNs - mtime) <= options.mtimeToleranceNs);
            std::int64_t listed = 0;
            REQUIRE(c.list("dated/", [&](const ObjectInfo& i) {
                         listed = i.mtimeNs;
                         return true;
                     }).ok());
            CHECK(std::abs(listed - mtime) <= options.mtimeToleranceNs);
        }
    }

    SECTION("declared hashes match the data") {
        const std::string content = allByteValues(3) + "tail";
        putObject(c, "hashed.bin", content);
        putObject(c, "empty-hashed.bin", "");
        for (const HashKind kind : caps.hashes) {
            INFO(ContentHasher::name(kind));
            auto st = c.stat("hashed.bin");
            REQUIRE(st.ok());
            REQUIRE(st->hashes.count(kind) == 1);
            CHECK(st->hashes.at(kind) == ContentHasher::hex(kind, content));
            auto empty = c.stat("empty-hashed.bin");
            REQUIRE(empty.ok());
            REQUIRE(empty->hashes.count(kind) == 1);
            CHECK(empty->hashes.at(kind) == ContentHasher::hex(kind, std::string_view{}));
        }
    }

    SECTION("an interrupted resumable write continues from its last checkpoint") {
        if (caps.resumableWrites) {
            std::vector<std::byte> content(300 * 1024);
            std::uint64_t seed = 7;
            fillPattern(content, seed);
            const std::span<const std::byte> all(content);
            putObject(c, "neighbour.txt", "committed before");

            auto w = openWriter(c, "big/resumed.bin");
            CHECK(w->resumeOffset() == 0);
            REQUIRE(w->write(all.subspan(0, 100 * 1024)).ok());
            REQUIRE(w->checkpoint().ok());
            const std::string firstToken = w->resumeToken();
            REQUIRE(w->write(all.subspan(100 * 1024, 50 * 1024)).ok());
            REQUIRE(w->checkpoint().ok());
            REQUIRE(w->write(all.subspan(150 * 1024, 30 * 1024)).ok()); // lost in the crash
            const std::string token = w->resumeToken();
            REQUIRE_FALSE(token.empty());
            w.reset(); // dropped without abort(): a crash

            auto st = c.stat("big/resumed.bin");
            REQUIRE_FALSE(st.ok());
            CHECK(st.error().code == "object.not_found");
            CHECK(listKeys(c) == std::vector<std::string>{"neighbour.txt"});

            // Cleaning up only old abandoned writes keeps this young one and committed objects.
            REQUIRE(c.cleanupAbandoned(3600).ok());
            CHECK(getObject(c, "neighbour.txt") == "committed before");

            auto resumed = openWriter(c, "big/resumed.bin", WriteOptions{.resumeToken = token});
            REQUIRE(resumed->resumeOffset() == 150 * 1024);
            REQUIRE(resumed->write(all.subspan(resumed->resumeOffset())).ok());
            auto committed = resumed->commit();
            REQUIRE(committed.ok());
            CHECK(committed->size == content.size());
            const std::string back = getObject(c, "big/resumed.bin");
            CHECK(back.size() == content.size());
            CHECK(std::equal(back.begin(), back.end(), content.begin(),
                             [](char a, std::byte b) { return static_cast<std::byte>(a) == b; }));
            CHECK_FALSE(firstToken.empty());
        }
    }

    SECTION("empty objects can be written, listed and read") {
        const ObjectInfo committed = putObject(c, "empty/zero.bin", "");
        CHECK(committed.size == 0);
        auto st = c.stat("empty/zero.bin");
        REQUIRE(st.ok());
        CHECK(st->size == 0);
        CHECK(listKeys(c) == std::vector<std::string>{"empty/zero.bin"});
        CHECK(getObject(c, "empty/zero.bin").empty());

        auto w = openWriter(c, "empty/no-write-call.bin");
        REQUIRE(w->commit().ok());
        CHECK(getObject(c, "empty/no-write-call.bin").empty());
    }

    SECTION("a 20 MiB object streamed in 1 MiB pieces reads back intact") {
        constexpr std::size_t kPiece = 1024 * 1024;
        constexpr int kPieces = 20;
        auto w = openWriter(c, "large/twenty.bin", WriteOptions{.expectedSize = kPiece * kPieces});
        ContentHasher written(HashKind::Sha256);
        std::vector<std::byte> piece(kPiece);
        std::uint64_t seed = 42;
        for (int i = 0; i < kPieces; ++i) {
            fillPattern(piece, seed);
            written.update(piece);
            REQUIRE(w->write(piece).ok());
            if (i % 5 == 4)
                REQUIRE(w->checkpoint().ok());
        }
        auto committed = w->commit();
        REQUIRE(committed.ok());
        CHECK(committed->size == kPiece * kPieces);

        auto r = c.openRead("large/twenty.bin");
        REQUIRE(r.ok());
        ContentHasher readBack(HashKind::Sha256);
        std::uint64_t total = 0;
        for (;;) {
            auto n = (*r)->read(piece);
            REQUIRE(n.ok());
            if (*n == 0)
                break;
            readBack.update(std::span(piece).first(*n));
            total += *n;
        }
        CHECK(total == kPiece * kPieces);
        CHECK(readBack.finishHex() == written.finishHex());
    }

    SECTION("keys with unicode, spaces, '+', '~', '=' and '%' round-trip") {
        std::vector<std::string> keys = {"données/été 2024/photo +1~=.jpg",
                                         "日本語/ファイル.txt",
                                         "a b/c+d~e=f",
                                         "report 50%.txt",
                                         "emoji/🚢 ferry.bin",
                                         ".hidden/.profile",
                                         "x/y=z&w=1",
                                         "(parens) [brackets] {braces}!@#$^*,;'"};
        for (const auto& k : keys)
            putObject(c, k, "body of " + k);
        std::sort(keys.begin(), keys.end());
        CHECK(listKeys(c) == keys);
        for (const auto& k : keys) {
            INFO(k);
            auto st = c.stat(k);
            REQUIRE(st.ok());
            CHECK(st->key == k);
            CHECK(getObject(c, k) == "body of " + k);
        }
        REQUIRE(c.remove(keys[0]).ok());
        CHECK(listKeys(c).size() == keys.size() - 1);
    }

    SECTION("writers to different keys can run from several threads at once") {
        constexpr int kKeysPerThread = 12;
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < options.threads; ++t) {
            threads.emplace_back([&, t] {
                for (int k = 0; k < kKeysPerThread; ++k) {
                    const std::string key =
                        "t" + std::to_string(t) + "/nested/k" + std::to_string(k);
                    const std::string body(1000 + 37 * k + t, static_cast<char>('a' + t));
                    auto w = c.openWrite(key, {});
                    if (!w) {
                        ++failures;
                        continue;
                    }
                    // Two writes and a checkpoint per object interleave with the other threads.
                    const auto bytes = bytesOf(body);
                    if (!(*w)->write(bytes.first(500)) || !(*w)->checkpoint() ||
                        !(*w)->write(bytes.subspan(500)) || !(*w)->commit())
                        ++failures;
                }
            });
        }
        for (auto& th : threads)
            th.join();
        CHECK(failures == 0);
        CHECK(listKeys(c).size() == static_cast<std::size_t>(options.threads * kKeysPerThread));
        for (int t = 0; t < options.threads; ++t)
            for (int k = 0; k < kKeysPerThread; ++k) {
                const std::string key = "t" + std::to_string(t) + "/nested/k" + std::to_string(k);
                CHECK(getObject(c, key) ==
                      std::string(1000 + 37 * k + t, static_cast<char>('a' + t)));
            }
    }
}

} // namespace ferry::engine::test
