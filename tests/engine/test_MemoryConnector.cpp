#include "ConnectorConformance.hpp"

#include <ferry/engine/ConnectorRegistry.hpp>
#include <ferry/engine/MemoryConnector.hpp>

#include <catch2/catch.hpp>

using namespace ferry::engine;
using ferry::engine::test::getObject;
using ferry::engine::test::listKeys;
using ferry::engine::test::putObject;

namespace {

std::unique_ptr<Connector> openMemory(const std::string& uri) {
    auto c = ConnectorRegistry::withBuiltins().open(uri);
    INFO(uri << ": " << (c ? std::string() : c.error().toString()));
    REQUIRE(c.ok());
    return std::move(*c);
}

std::span<const std::byte> bytesOf(std::string_view text) {
    return std::as_bytes(std::span(text.data(), text.size()));
}

} // namespace

TEST_CASE("the memory connector passes the connector conformance suite", "[engine]") {
    const std::string store = "conformance";
    MemoryConnector::resetStore(store);
    auto outside = openMemory("memory://" + store);
    putObject(*outside, "rootsibling/keep.txt", "outside the root");
    putObject(*outside, "root-other/keep.txt", "outside too");

    test::ConformanceOptions options;
    options.entriesOutside = [&] {
        std::vector<std::string> keys;
        for (const auto& key : listKeys(*outside))
            if (!key.starts_with("root/"))
                keys.push_back(key);
        return keys;
    };
    test::runConnectorConformance(
        [&] {
            auto c = openMemory("memory://" + store + "/root");
            // Every section starts from an empty root; the siblings above stay.
            for (const auto& key : listKeys(*c))
                REQUIRE(c->remove(key).ok());
            return c;
        },
        options);
}

TEST_CASE("memory connectors naming the same store share its objects", "[engine]") {
    MemoryConnector::resetStore("shared");
    auto writer = openMemory("memory://shared/data");
    auto reader = openMemory("memory://shared/data");
    auto whole = openMemory("memory://shared");
    auto other = openMemory("memory://other-store/data");

    putObject(*writer, "a/b.txt", "hello");
    CHECK(getObject(*reader, "a/b.txt") == "hello");
    CHECK(listKeys(*whole) == std::vector<std::string>{"data/a/b.txt"});
    CHECK(listKeys(*other).empty());
    REQUIRE(reader->remove("a/b.txt").ok());
    CHECK(listKeys(*writer).empty());
}

TEST_CASE("a memory store without a name or with an unsafe prefix is refused", "[engine]") {
    auto registry = ConnectorRegistry::withBuiltins();
    auto noName = registry.open("memory:///prefix");
    REQUIRE_FALSE(noName.ok());
    CHECK(noName.error().code == "uri.host");
    auto unsafe = registry.open("memory://store/a/../../b");
    REQUIRE_FALSE(unsafe.ok());
    CHECK(unsafe.error().code == "uri.path");
}

TEST_CASE("a resume token names a staged buffer that abort and cleanup drop", "[engine]") {
    MemoryConnector::resetStore("staging");
    auto c = openMemory("memory://staging");

    auto w = c->openWrite("obj", {});
    REQUIRE(w.ok());
    REQUIRE((*w)->write(bytesOf("abc")).ok());
    REQUIRE((*w)->checkpoint().ok());
    const std::string token = (*w)->resumeToken();
    CHECK(MemoryConnector::stagedWrites("staging") == 1);

    // While the first writer lives, the token cannot be used a second time.
    auto twice = c->openWrite("obj", WriteOptions{.resumeToken = token});
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().code == "write.in_progress");
    w->reset();

    // A token for another key is refused rather than mixing two objects.
    auto wrongKey = c->openWrite("another", WriteOptions{.resumeToken = token});
    REQUIRE_FALSE(wrongKey.ok());
    CHECK(wrongKey.error().code == "write.resume_token");

    auto resumed = c->openWrite("obj", WriteOptions{.resumeToken = token});
    REQUIRE(resumed.ok());
    CHECK((*resumed)->resumeOffset() == 3);
    (*resumed)->abort();
    CHECK(MemoryConnector::stagedWrites("staging") == 0);

    auto abandoned = c->openWrite("obj2", {});
    REQUIRE(abandoned.ok());
    REQUIRE((*abandoned)->write(bytesOf("x")).ok());
    const std::string abandonedToken = (*abandoned)->resumeToken();
    abandoned->reset();
    auto young = c->cleanupAbandoned(3600);
    REQUIRE(young.ok());
    CHECK(*young == 0);
    auto removed = c->cleanupAbandoned(0);
    REQUIRE(removed.ok());
    CHECK(*removed == 1);
    CHECK(MemoryConnector::stagedWrites("staging") == 0);

    // The cleaned-up token no longer exists: the write starts afresh.
    auto fresh = c->openWrite("obj2", WriteOptions{.resumeToken = abandonedToken});
    REQUIRE(fresh.ok());
    CHECK((*fresh)->resumeOffset() == 0);
    CHECK((*fresh)->resumeToken() != abandonedToken);
}

TEST_CASE("injected memory faults fail the chosen write, commit and reads", "[engine]") {
    MemoryConnector::resetStore("faulty");
    auto c = openMemory("memory://faulty");
    putObject(*c, "readable.txt", "0123456789");

    SECTION("the Nth write fails once with the chosen code") {
        const std::uint64_t callsBefore = MemoryConnector::writeCalls("faulty");
        MemoryConnector::setFaults("faulty",
                                   MemoryFaults{.failWriteCall = 3, .errorCode = "io.transient"});
        auto w = c->openWrite("x", {});
        REQUIRE(w.ok());
        CHECK((*w)->write(bytesOf("a")).ok());
        CHECK((*w)->write(bytesOf("b")).ok());
        auto third = (*w)->write(bytesOf("c"));
        REQUIRE_FALSE(third.ok());
        CHECK(third.error().code == "io.transient");
        CHECK(third.error().message.find("'x'") != std::string::npos);
        CHECK((*w)->write(bytesOf("d")).ok());
        REQUIRE((*w)->commit().ok());
        CHECK(getObject(*c, "x") == "abd");
        CHECK(MemoryConnector::writeCalls("faulty") == callsBefore + 4);
    }

    SECTION("every write fails while failAllWrites is set") {
        MemoryConnector::setFaults("faulty", MemoryFaults{.failAllWrites = true});
        auto w = c->openWrite("x", {});
        REQUIRE(w.ok());
        CHECK_FALSE((*w)->write(bytesOf("a")).ok());
        CHECK_FALSE((*w)->write(bytesOf("b")).ok());
        MemoryConnector::setFaults("faulty", {});
        CHECK((*w)->write(bytesOf("c")).ok());
    }

    SECTION("a failed commit publishes nothing") {
        MemoryConnector::setFaults("faulty", MemoryFaults{.failCommitCall = 1});
        auto w = c->openWrite("readable.txt", {});
        REQUIRE(w.ok());
        REQUIRE((*w)->write(bytesOf("new")).ok());
        CHECK_FALSE((*w)->commit().ok());
        CHECK(getObject(*c, "readable.txt") == "0123456789");
        REQUIRE((*w)->commit().ok()); // only the first commit was chosen to fail
        CHECK(getObject(*c, "readable.txt") == "new");
    }

    SECTION("reads fail, fail part-way, or return corrupted bytes") {
        MemoryConnector::setFaults("faulty", MemoryFaults{.failReads = true});
        auto r = c->openRead("readable.txt");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "io.injected");

        MemoryConnector::setFaults("faulty", MemoryFaults{.failReadAfterBytes = 4});
        auto partial = c->openRead("readable.txt");
        REQUIRE(partial.ok());
        std::vector<std::byte> buffer(100);
        auto first = (*partial)->read(buffer);
        REQUIRE(first.ok());
        CHECK(*first == 4);
        CHECK_FALSE((*partial)->read(buffer).ok());

        MemoryConnector::setFaults("faulty", MemoryFaults{.corruptReads = true});
        CHECK(getObject(*c, "readable.txt") != "0123456789");
        auto st = c->stat("readable.txt");
        REQUIRE(st.ok());
        CHECK(st->size == 10);
    }

    SECTION("list and stat fail when asked") {
        MemoryConnector::setFaults("faulty", MemoryFaults{.failList = true, .failStat = true});
        CHECK_FALSE(c->list("", [](const ObjectInfo&) { return true; }).ok());
        CHECK_FALSE(c->stat("readable.txt").ok());
    }
    MemoryConnector::resetStore("faulty");
}

TEST_CASE("memory objects keep their metadata and an MD5 etag", "[engine]") {
    MemoryConnector::resetStore("meta");
    auto c = openMemory("memory://meta/p");
    const ObjectInfo info =
        putObject(*c, "m.txt", "abc", WriteOptions{.metadata = {{"ferry-sha256", "given"}}});
    CHECK(info.etag == "\"900150983cd24fb0d6963f7d28e17f72\"");
    auto st = c->stat("m.txt");
    REQUIRE(st.ok());
    CHECK(st->metadata.at("ferry-sha256") == "given");
    CHECK(st->hashes.at(HashKind::Sha256) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
