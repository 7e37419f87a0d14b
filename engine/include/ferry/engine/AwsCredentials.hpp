#pragma once

#include <ferry/model/Result.hpp>

#include <string>

namespace ferry::engine {

/// AWS access keys; the secret and the session token never reach a log or a message.
struct AwsCredentials {
    std::string accessKeyId;     ///< "AKIA..." (shown only inside signatures).
    std::string secretAccessKey; ///< Secret key.
    std::string sessionToken;    ///< Temporary credentials' token, or "".
    std::string source;          ///< Where they came from, e.g. "environment" or "profile 'prod'".

    /// Credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else from
    /// the shared credentials file (AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials), profile
    /// `profile`, else AWS_PROFILE, else "default". Error "s3.credentials" when none are found.
    static model::Result<AwsCredentials> fromEnvironment(const std::string& profile = {});
    /// Credentials of one profile of a credentials file (INI: [name], key = value).
    static model::Result<AwsCredentials> fromFile(const std::string& path,
                                                  const std::string& profile);
};

} // namespace ferry::engine
