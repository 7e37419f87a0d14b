#include <ferry/engine/AwsCredentials.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>
#include <unistd.h>

using namespace ferry::engine;
namespace fs = std::filesystem;

namespace {

// Sets or clears AWS variables for one test and restores them afterwards.
class ScopedEnv {
public:
    explicit ScopedEnv(std::vector<std::pair<std::string, std::string>> values) {
        for (const char* name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                                 "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE"}) {
            const char* old = std::getenv(name);
            m_saved.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
            ::unsetenv(name);
        }
        for (const auto& [name, value] : values)
            ::setenv(name.c_str(), value.c_str(), 1);
    }
    ~ScopedEnv() {
        for (const auto& [name, value] : m_saved) {
            if (value)
                ::setenv(name.c_str(), value->c_str(), 1);
            else
                ::unsetenv(name.c_str());
        }
    }

private:
    std::vector<std::pair<std::string, std::optional<std::string>>> m_saved;
};

} // namespace

TEST_CASE("AWS credentials come from the environment, else from a profile of the credentials "
          "file, and errors never show a secret",
          "[engine][s3]") {
    const fs::path file =
        fs::temp_directory_path() / ("ferry-aws-credentials-" + std::to_string(::getpid()));
    {
        std::ofstream out(file);
        out << "# comment\n[default]\naws_access_key_id = AKIDDEFAULT\n"
               "aws_secret_access_key = defaultSecret/+=\n\n"
               "[prod]\naws_access_key_id=AKIDPROD\naws_secret_access_key=prodSecret\n"
               "aws_session_token = prodToken\n[broken]\naws_access_key_id = AKIDONLY\n";
    }

    SECTION("the environment wins when no profile is chosen") {
        ScopedEnv env({{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                       {"AWS_SECRET_ACCESS_KEY", "envSecret"},
                       {"AWS_SESSION_TOKEN", "envToken"},
                       {"AWS_SHARED_CREDENTIALS_FILE", file.string()}});
        auto c = AwsCredentials::fromEnvironment();
        REQUIRE(c.ok());
        CHECK(c->accessKeyId == "AKIDENV");
        CHECK(c->secretAccessKey == "envSecret");
        CHECK(c->sessionToken == "envToken");
        CHECK(c->source == "environment");
    }
    SECTION("the default profile, AWS_PROFILE, or an explicit profile") {
        ScopedEnv env({{"AWS_SHARED_CREDENTIALS_FILE", file.string()}});
        auto d = AwsCredentials::fromEnvironment();
        REQUIRE(d.ok());
        CHECK(d->accessKeyId == "AKIDDEFAULT");
        CHECK(d->secretAccessKey == "defaultSecret/+=");
        CHECK(d->sessionToken.empty());
        auto p = AwsCredentials::fromEnvironment("prod");
        REQUIRE(p.ok());
        CHECK(p->accessKeyId == "AKIDPROD");
        CHECK(p->sessionToken == "prodToken");
        ::setenv("AWS_PROFILE", "prod", 1);
        CHECK(AwsCredentials::fromEnvironment()->accessKeyId == "AKIDPROD");
    }
    SECTION("missing or incomplete profiles are reported without secrets") {
        ScopedEnv env({{"AWS_SHARED_CREDENTIALS_FILE", file.string()}});
        auto missing = AwsCredentials::fromEnvironment("nope");
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().code == "s3.credentials");
        CHECK(missing.error().message.find("nope") != std::string::npos);
        auto broken = AwsCredentials::fromEnvironment("broken");
        REQUIRE_FALSE(broken.ok());
        CHECK(broken.error().code == "s3.credentials");
        for (const auto* e : {&missing.error(), &broken.error()}) {
            CHECK(e->toString().find("defaultSecret") == std::string::npos);
            CHECK(e->toString().find("prodSecret") == std::string::npos);
        }
        ScopedEnv half({{"AWS_ACCESS_KEY_ID", "AKIDHALF"},
                        {"AWS_SHARED_CREDENTIALS_FILE", (file.string() + ".absent")}});
        auto one = AwsCredentials::fromEnvironment();
        REQUIRE_FALSE(one.ok());
        CHECK(one.error().code == "s3.credentials");
    }
    fs::remove(file);
}
