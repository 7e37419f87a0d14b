#include <ferry/engine/Uri.hpp>

#include <catch2/catch.hpp>

using ferry::engine::Uri;

namespace {

Uri parsed(std::string_view text, std::string_view projectDir = {}) {
    auto uri = Uri::parse(text, projectDir);
    INFO(text << ": " << (uri ? std::string() : uri.error().toString()));
    REQUIRE(uri.ok());
    return *uri;
}

} // namespace

TEST_CASE("file URIs have an empty host and an absolute, decoded path", "[engine]") {
    const Uri u = parsed("file:///srv/data/My%20Files");
    CHECK(u.scheme == "file");
    CHECK(u.host.empty());
    CHECK(u.port == 0);
    CHECK(u.path == "/srv/data/My Files");
    CHECK(u.toString() == "file:///srv/data/My%20Files");
    CHECK(parsed("file://localhost/srv").path == "/srv");
    CHECK(parsed("FILE:///x").scheme == "file");

    for (const std::string bad : {"file://relative/path", "file:relative", "file://", "file:"}) {
        INFO(bad);
        auto r = Uri::parse(bad);
        REQUIRE_FALSE(r.ok());
        CHECK((r.error().code == "uri.path" || r.error().code == "uri.syntax"));
    }
}

TEST_CASE("${project_dir} expands to the project folder", "[engine]") {
    const Uri u = parsed("file://${project_dir}/data/in", "/home/ana/retail");
    CHECK(u.path == "/home/ana/retail/data/in");
    CHECK(parsed("sqlite://${project_dir}/db.sqlite", "/p/").path == "/p/db.sqlite");

    auto noProject = Uri::parse("file://${project_dir}/data");
    REQUIRE_FALSE(noProject.ok());
    CHECK(noProject.error().code == "uri.project_dir");
}

TEST_CASE("memory, s3, sqlite and postgresql URIs parse into their parts", "[engine]") {
    const Uri mem = parsed("memory://store/some/prefix");
    CHECK(mem.host == "store");
    CHECK(mem.path == "/some/prefix");

    const Uri s3 = parsed("s3://my-bucket/backups/2024?endpoint=http%3A%2F%2Flocalhost%3A9000"
                          "&region=eu-west-1&path_style=1");
    CHECK(s3.scheme == "s3");
    CHECK(s3.host == "my-bucket");
    CHECK(s3.path == "/backups/2024");
    CHECK(s3.param("endpoint") == "http://localhost:9000");
    CHECK(s3.param("region") == "eu-west-1");
    CHECK(s3.param("path_style") == "1");
    CHECK(s3.param("absent", "fallback") == "fallback");
    CHECK(parsed("s3://bucket?endpoint=http://minio:9000").param("endpoint") ==
          "http://minio:9000");

    const Uri lite = parsed("sqlite:///var/lib/app/db.sqlite?tables=orders,customers");
    CHECK(lite.host.empty());
    CHECK(lite.path == "/var/lib/app/db.sqlite");
    CHECK(lite.param("tables") == "orders,customers");

    const Uri pg = parsed("postgresql://migrator@db.internal:5433/sales?schema=public");
    CHECK(pg.scheme == "postgresql");
    CHECK(pg.userInfo == "migrator");
    CHECK(pg.host == "db.internal");
    CHECK(pg.port == 5433);
    CHECK(pg.path == "/sales");
    CHECK(pg.param("schema") == "public");
    CHECK(pg.toString() == "postgresql://migrator@db.internal:5433/sales?schema=public");

    // A port followed by a path with '@' in it is not a password.
    CHECK(parsed("postgresql://db:5432/odd@name").path == "/odd@name");

    const Uri v6 = parsed("postgresql://[::1]:5432/db");
    CHECK(v6.host == "::1");
    CHECK(v6.port == 5432);
    CHECK(v6.toString() == "postgresql://[::1]:5432/db");
}

TEST_CASE("a password in the URI is refused and never echoed", "[engine]") {
    for (const std::string text :
         {"postgresql://admin:hunter2@db:5432/sales", "s3://key:hunter2@bucket/prefix",
          "postgresql://db/sales?password=hunter2", "s3://bucket/p?aws_secret_access_key=hunter2",
          "postgresql://admin:hun/ter2@db/sales", "postgresql://admin:hun?ter2@db/sales",
          "postgresql://admin:hunter2#@db/sales", "postgresql://admin:12345@db/sales"}) {
        INFO(text);
        auto r = Uri::parse(text);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "uri.password");
        CHECK(r.error().toString().find("hunter2") == std::string::npos);
        CHECK(r.error().toString().find("hun") == std::string::npos);
        CHECK(r.error().toString().find("12345") == std::string::npos);
        CHECK(r.error().message.find("environment") != std::string::npos);
        CHECK(r.error().message.find("credential") != std::string::npos);
    }
}

TEST_CASE("toString prints the query in key order and masks secret parameters", "[engine]") {
    Uri u = parsed("s3://b/p?region=r&endpoint=http%3A%2F%2Fh%3A1&path_style=1");
    CHECK(u.toString() == "s3://b/p?endpoint=http://h:1&path_style=1&region=r");
    u.query["secret_access_key"] = "hunter2";
    CHECK(u.toString().find("hunter2") == std::string::npos);

    // Characters that would change the parse are encoded, so the text parses back equal.
    Uri odd;
    odd.scheme = "memory";
    odd.host = "store";
    odd.path = "/a b/50%/c?d#e";
    odd.query["k&="] = "v&w";
    const Uri back = parsed(odd.toString());
    CHECK(back.path == odd.path);
    CHECK(back.query == odd.query);
}

TEST_CASE("malformed URIs are refused with a reason", "[engine]") {
    struct Case {
        const char* text;
        const char* code;
    };
    for (const Case c :
         {Case{"no-scheme/path", "uri.syntax"}, Case{"://x", "uri.syntax"},
          Case{"1ab://x", "uri.syntax"}, Case{"file:///a%zz", "uri.syntax"},
          Case{"file:///a%0", "uri.syntax"}, Case{"file:///a%00b", "uri.syntax"},
          Case{"postgresql://h:0/db", "uri.port"}, Case{"postgresql://h:70000/db", "uri.port"},
          Case{"postgresql://h:x/db", "uri.port"}, Case{"postgresql://h:/db", "uri.port"},
          Case{"s3:///prefix", "uri.host"}, Case{"memory:///prefix", "uri.host"},
          Case{"postgresql://[::1/db", "uri.syntax"}}) {
        INFO(c.text);
        auto r = Uri::parse(c.text);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == c.code);
        CHECK_FALSE(r.error().message.empty());
    }
}
