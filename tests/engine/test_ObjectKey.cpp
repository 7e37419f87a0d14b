#include "ConnectorConformance.hpp"

#include <ferry/engine/Connector.hpp>

#include <catch2/catch.hpp>

using namespace ferry::engine;

TEST_CASE("object keys that could leave the root are refused with key.unsafe", "[engine]") {
    for (const auto& key : test::unsafeKeys()) {
        INFO("key '" << key << "' (" << key.size() << " bytes)");
        auto r = checkObjectKey(key);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "key.unsafe");
        CHECK(r.error().message.find("nothing was written") != std::string::npos);
    }
}

TEST_CASE("each listed escape form is refused and named in the message", "[engine]") {
    const std::vector<std::string> keys = {"../x",  "a/../../x", "..",       "prefix/..",
                                           "/abs",  "a\\..\\x",  "%2e%2e/x", "..%2fx",
                                           "a%2Fb", "a%5Cb",     "a//b",     "%2E%2e/x"};
    for (const auto& key : keys) {
        INFO(key);
        auto r = checkObjectKey(key);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "key.unsafe");
        CHECK(r.error().message.find("'" + key + "'") != std::string::npos);
        CHECK(r.error().context == "key '" + key + "'");
    }
}

TEST_CASE("NUL and control characters are refused and shown escaped", "[engine]") {
    auto nul = checkObjectKey(std::string("a\0b", 3));
    REQUIRE_FALSE(nul.ok());
    CHECK(nul.error().message.find("'a\\x00b'") != std::string::npos);
    CHECK(nul.error().message.find("NUL") != std::string::npos);
    auto newline = checkObjectKey("line\nbreak");
    REQUIRE_FALSE(newline.ok());
    CHECK(newline.error().message.find("'line\\x0abreak'") != std::string::npos);
    CHECK_FALSE(checkObjectKey("esc\x1b[0m").ok());
    CHECK_FALSE(checkObjectKey("del\x7f").ok());
}

TEST_CASE("ordinary keys, including unusual but safe characters, are accepted", "[engine]") {
    const std::vector<std::string> keys = {"a",
                                           "images/p-001.png",
                                           "a/b/c/d/e.txt",
                                           ".hidden",
                                           "dir/.profile",
                                           "...",
                                           "a..b/c..",
                                           "données/été 2024/photo +1~=.jpg",
                                           "日本語/ファイル.txt",
                                           "report 50%.txt",
                                           "100% sure",
                                           "%41BC",
                                           "%zz/x",
                                           "trailing%",
                                           "x/y=z&w=1"};
    for (const auto& key : keys) {
        INFO(key);
        auto r = checkObjectKey(key);
        CHECK(r.ok());
    }
}

TEST_CASE("keys longer than 1024 bytes are refused", "[engine]") {
    CHECK(checkObjectKey(std::string(1024, 'k')).ok());
    auto r = checkObjectKey(std::string(1025, 'k'));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "key.unsafe");
    CHECK(r.error().message.find("1024") != std::string::npos);
}
