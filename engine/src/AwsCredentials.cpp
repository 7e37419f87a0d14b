#include <ferry/engine/AwsCredentials.hpp>

#include <cstdlib>
#include <fstream>
#include <string_view>

namespace ferry::engine {
namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value == nullptr ? std::string() : std::string(value);
}

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r");
    return std::string(s.substr(first, last - first + 1));
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

} // namespace

model::Result<AwsCredentials> AwsCredentials::fromFile(const std::string& path,
                                                       const std::string& profile) {
    std::ifstream in(path);
    if (!in)
        return model::Error{"s3.credentials",
                            "The AWS credentials file '" + path +
                                "' cannot be read; create it (aws configure) or set "
                                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
                            path};
    AwsCredentials out;
    bool inProfile = false;
    bool found = false;
    std::string line;
    while (std::getline(in, line)) {
        const std::string text = trim(line);
        if (text.empty() || text[0] == '#' || text[0] == ';')
            continue;
        if (text.front() == '[' && text.back() == ']') {
            std::string name = trim(std::string_view(text).substr(1, text.size() - 2));
            // ~/.aws/config style "[profile name]" is accepted too.
            if (name.starts_with("profile "))
                name = trim(std::string_view(name).substr(8));
            inProfile = name == profile;
            found = found || inProfile;
            continue;
        }
        if (!inProfile)
            continue;
        const auto eq = text.find('=');
        if (eq == std::string::npos)
            continue;
        const std::string key = lower(trim(std::string_view(text).substr(0, eq)));
        const std::string value = trim(std::string_view(text).substr(eq + 1));
        if (key == "aws_access_key_id")
            out.accessKeyId = value;
        else if (key == "aws_secret_access_key")
            out.secretAccessKey = value;
        else if (key == "aws_session_token")
            out.sessionToken = value;
    }
    if (!found)
        return model::Error{"s3.credentials",
                            "The AWS credentials file '" + path + "' has no profile '" + profile +
                                "'; add it or choose another with AWS_PROFILE.",
                            path};
    if (out.accessKeyId.empty() || out.secretAccessKey.empty())
        return model::Error{"s3.credentials",
                            "The profile '" + profile + "' in '" + path +
                                "' lacks aws_access_key_id or aws_secret_access_key; add both.",
                            path};
    out.source = "profile '" + profile + "' of " + path;
    return out;
}

model::Result<AwsCredentials> AwsCredentials::fromEnvironment(const std::string& profile) {
    const std::string chosenProfile =
        !profile.empty() ? profile : (!env("AWS_PROFILE").empty() ? env("AWS_PROFILE") : "");
    // An explicitly chosen profile wins over keys in the environment, as in the AWS CLI.
    if (chosenProfile.empty()) {
        const std::string id = env("AWS_ACCESS_KEY_ID");
        const std::string secret = env("AWS_SECRET_ACCESS_KEY");
        if (!id.empty() && !secret.empty())
            return AwsCredentials{id, secret, env("AWS_SESSION_TOKEN"), "environment"};
        if (!id.empty() || !secret.empty())
            return model::Error{"s3.credentials",
                                "Only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set; "
                                "set both, or neither to use ~/.aws/credentials.",
                                "environment"};
    }
    std::string path = env("AWS_SHARED_CREDENTIALS_FILE");
    if (path.empty()) {
        const std::string home = env("HOME");
        if (home.empty())
            return model::Error{"s3.credentials",
                                "No AWS credentials were found: set AWS_ACCESS_KEY_ID and "
                                "AWS_SECRET_ACCESS_KEY, or AWS_SHARED_CREDENTIALS_FILE.",
                                "environment"};
        path = home + "/.aws/credentials";
    }
    std::ifstream probe(path);
    if (!probe && chosenProfile.empty())
        return model::Error{"s3.credentials",
                            "No AWS credentials were found: set AWS_ACCESS_KEY_ID and "
                            "AWS_SECRET_ACCESS_KEY, or create " +
                                path + " (aws configure).",
                            "environment"};
    return fromFile(path, chosenProfile.empty() ? std::string("default") : chosenProfile);
}

} // namespace ferry::engine
