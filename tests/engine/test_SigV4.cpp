#include <ferry/engine/SigV4.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace ferry::engine;
namespace fs = std::filesystem;

namespace {

const fs::path kSuiteDir = fs::path(FERRY_SOURCE_DIR) / ".." / "shared" / "testdata" /
                           "aws-sig-v4-test-suite" / "aws-sig-v4-test-suite";

const AwsCredentials kCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "",
                                  "test suite"};
const std::string kDate = "20150830T123600Z";
const std::string kToken =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPf"
    "IeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7W"
    "Z0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FD"
    "rypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

// The two cases whose .creq was updated without regenerating .sts (see shared/testdata/README.md).
const std::set<std::string> kStaleStringToSign = {"post-x-www-form-urlencoded",
                                                  "post-x-www-form-urlencoded-parameters"};

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string percentDecode(std::string_view in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size() + 0 && hexValue(in[i + 1]) >= 0 &&
            hexValue(in[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2])));
            i += 2;
        } else {
            out.push_back(in[i]);
        }
    }
    return out;
}

struct SuiteRequest {
    SigV4Request request;
    std::string body;
};

// Parses a .req file: request line, headers (a line starting with white space continues the
// previous header as one more value), blank line, body.
SuiteRequest parseRequest(const std::string& text) {
    SuiteRequest out;
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto nl = text.find('\n', start);
        std::string line = text.substr(start, nl == std::string::npos ? nl : nl - start);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(line);
        if (nl == std::string::npos)
            break;
        start = nl + 1;
    }
    REQUIRE(!lines.empty());
    const std::string& first = lines[0];
    const auto space = first.find(' ');
    const auto version = first.rfind(" HTTP/");
    REQUIRE(space != std::string::npos);
    REQUIRE(version != std::string::npos);
    out.request.method = first.substr(0, space);
    const std::string target = first.substr(space + 1, version - space - 1);
    const auto q = target.find('?');
    out.request.path = percentDecode(target.substr(0, q));
    if (q != std::string::npos) {
        std::string_view query = std::string_view(target).substr(q + 1);
        while (!query.empty()) {
            const auto amp = query.find('&');
            const auto pair = query.substr(0, amp);
            const auto eq = pair.find('=');
            out.request.query.emplace_back(
                percentDecode(pair.substr(0, eq)),
                eq == std::string_view::npos ? std::string() : percentDecode(pair.substr(eq + 1)));
            query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        }
    }
    std::size_t i = 1;
    for (; i < lines.size() && !lines[i].empty(); ++i) {
        const std::string& line = lines[i];
        if (line[0] == ' ' || line[0] == '\t') {
            REQUIRE(!out.request.headers.empty());
            out.request.headers.emplace_back(out.request.headers.back().first, line);
            continue;
        }
        const auto colon = line.find(':');
        REQUIRE(colon != std::string::npos);
        out.request.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
    }
    for (std::size_t b = i + 1; b < lines.size(); ++b)
        out.body += (b == i + 1 ? "" : "\n") + lines[b];
    out.request.payloadHash = SigV4::sha256Hex(out.body);
    return out;
}

std::string signatureField(const std::string& authorization) {
    const auto at = authorization.find("Signature=");
    REQUIRE(at != std::string::npos);
    return authorization.substr(at + 10);
}

std::string withoutLastLine(const std::string& text) {
    return text.substr(0, text.rfind('\n'));
}

} // namespace

TEST_CASE("every case of the AWS SigV4 test suite signs to the expected canonical request, "
          "string to sign and Authorization header",
          "[engine]") {
    INFO("The AWS SigV4 test suite was looked for in " << kSuiteDir.lexically_normal().string()
                                                       << " (shared/testdata beside the checkout)");
    REQUIRE(fs::is_directory(kSuiteDir));

    std::vector<fs::path> cases;
    for (const auto& entry : fs::recursive_directory_iterator(kSuiteDir))
        if (entry.path().extension() == ".req")
            cases.push_back(entry.path());
    std::sort(cases.begin(), cases.end());
    REQUIRE(cases.size() >= 31);

    const SigV4 generic("us-east-1", "service", SigV4PathMode::Generic);
    const SigV4 s3mode("us-east-1", "service", SigV4PathMode::S3);
    int fullyChecked = 0;
    for (const auto& reqPath : cases) {
        const std::string name = reqPath.stem().string();
        const bool normalises = reqPath.parent_path().parent_path().filename() == "normalize-path";
        INFO("case " << fs::relative(reqPath, kSuiteDir).string());
        auto read = [&](const char* ext) {
            auto p = reqPath;
            return readFile(p.replace_extension(ext));
        };
        const SuiteRequest parsed = parseRequest(read(".req"));
        const std::string creq = read(".creq");
        const std::string sts = read(".sts");
        const std::string authz = read(".authz");

        AwsCredentials credentials = kCredentials;
        if (name == "post-sts-header-before")
            credentials.sessionToken = kToken;
        const SigV4Signature signature = generic.sign(parsed.request, credentials, kDate);
        CHECK(signature.canonicalRequest == creq);

        if (SigV4::sha256Hex(creq) == sts.substr(sts.rfind('\n') + 1)) {
            CHECK(signature.stringToSign == sts);
            CHECK(signature.authorization == authz);
            ++fullyChecked;
        } else {
            // Known stale .sts: the .authz was computed from the .sts, so check that pair and the
            // parts of the string to sign that do not depend on the canonical request.
            REQUIRE(kStaleStringToSign.count(name) == 1);
            CHECK(withoutLastLine(signature.stringToSign) == withoutLastLine(sts));
            CHECK(generic.signatureOf(credentials, kDate, sts) == signatureField(authz));
            CHECK(authz.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" +
                                    generic.credentialScope(kDate) + ", SignedHeaders="));
        }

        // S3 mode builds the same canonical request except that it never normalises the path.
        if (!normalises) {
            CHECK(s3mode.canonicalRequest(parsed.request) == creq);
        } else {
            const std::string raw = s3mode.canonicalRequest(parsed.request);
            CHECK(raw.substr(raw.find('\n') + 1,
                             raw.find('\n', raw.find('\n') + 1) - raw.find('\n') - 1) ==
                  SigV4::uriEncode(parsed.request.path, true));
        }
    }
    CHECK(fullyChecked == static_cast<int>(cases.size() - kStaleStringToSign.size()));
}

TEST_CASE("S3 signing encodes keys once, keeps '//' and '..', sorts and completes the query",
          "[engine]") {
    const SigV4 s3("eu-west-1", "s3", SigV4PathMode::S3);
    CHECK(s3.canonicalUri("/bucket/a b/c+d~e=f") == "/bucket/a%20b/c%2Bd~e%3Df");
    CHECK(s3.canonicalUri("/bucket/my-object//example//photo.user") ==
          "/bucket/my-object//example//photo.user");
    CHECK(s3.canonicalUri("/bucket/report 50%.txt") == "/bucket/report%2050%25.txt");
    CHECK(s3.canonicalUri("/bucket/日本") == "/bucket/%E6%97%A5%E6%9C%AC");
    CHECK(SigV4::canonicalQuery({{"uploads", ""}}) == "uploads=");
    CHECK(SigV4::canonicalQuery({{"uploadId", "a/b+c"}, {"partNumber", "2"}}) ==
          "partNumber=2&uploadId=a%2Fb%2Bc");
    CHECK(SigV4::canonicalQuery({{"prefix", "x y"},
                                 {"list-type", "2"},
                                 {"continuation-token", "1/=="},
                                 {"max-keys", "10"}}) ==
          "continuation-token=1%2F%3D%3D&list-type=2&max-keys=10&prefix=x%20y");

    SigV4Request request;
    request.method = "PUT";
    request.path = "/bucket/k";
    request.headers = {{"host", "s3.example"}};
    request.payloadHash = SigV4::sha256Hex("");
    const AwsCredentials withToken{"AKID", "secret", "TOKEN", "test"};
    const SigV4Signature signature = s3.sign(request, withToken, "20240101T000000Z");
    CHECK(signature.signedHeaders == "host;x-amz-content-sha256;x-amz-date;x-amz-security-token");
    const auto sent = [&](const std::string& name) {
        for (const auto& [n, v] : signature.headersToSend)
            if (n == name)
                return v;
        return std::string("<absent>");
    };
    CHECK(sent("x-amz-content-sha256") == request.payloadHash);
    CHECK(sent("x-amz-security-token") == "TOKEN");
    CHECK(sent("x-amz-date") == "20240101T000000Z");
    CHECK(sent("Authorization") == signature.authorization);
    CHECK(signature.authorization.find("secret") == std::string::npos);

    // UNSIGNED-PAYLOAD is carried as the payload hash and in x-amz-content-sha256.
    request.payloadHash = "UNSIGNED-PAYLOAD";
    const SigV4Signature unsigned_ = s3.sign(request, withToken, "20240101T000000Z");
    CHECK(unsigned_.canonicalRequest.ends_with("\nUNSIGNED-PAYLOAD"));
    CHECK(unsigned_.canonicalRequest.find("x-amz-content-sha256:UNSIGNED-PAYLOAD\n") !=
          std::string::npos);
}
