//! The request-parameter classes of the Java stand-in (`xtask/stubs/java`, see its README),
//! written from one table: every one is a builder with the same frame (`builder()`, `none()`,
//! `putAdditionalHeader`, `build()`) around its own enums and setters, which are what the table
//! holds. Like the hand-written classes beside them, the table follows the real SDK's signatures
//! and is kept apart from the generator on purpose.

use std::path::{Path, PathBuf};

/// One `com.telnyx.sdk.models.<package>.<class>` params class.
struct Params {
    package: &'static str,
    class: &'static str,
    /// Nested enums: name and constants (`"PLAIN, S256"`).
    enums: &'static [(&'static str, &'static str)],
    /// Builder setters: name and the Java type of their one argument.
    setters: &'static [(&'static str, &'static str)],
}

const GRANT_TYPES: &str = "CLIENT_CREDENTIALS, AUTHORIZATION_CODE, REFRESH_TOKEN";
const PAGE: [(&str, &str); 2] = [("pageSize", "long"), ("pageNumber", "long")];

const PARAMS: &[Params] = &[
    Params {
        package: "oauth",
        class: "OAuthGrantsParams",
        enums: &[],
        setters: &[("allowed", "boolean"), ("consentToken", "String")],
    },
    Params {
        package: "oauth",
        class: "OAuthIntrospectParams",
        enums: &[],
        setters: &[("token", "String")],
    },
    Params {
        package: "oauth",
        class: "OAuthRegisterParams",
        enums: &[
            (
                "GrantType",
                "AUTHORIZATION_CODE, CLIENT_CREDENTIALS, REFRESH_TOKEN",
            ),
            (
                "TokenEndpointAuthMethod",
                "NONE, CLIENT_SECRET_BASIC, CLIENT_SECRET_POST",
            ),
        ],
        setters: &[
            ("clientName", "String"),
            ("grantTypes", "List<GrantType>"),
            ("logoUri", "String"),
            ("policyUri", "String"),
            ("redirectUris", "List<String>"),
            ("responseTypes", "List<String>"),
            ("scope", "String"),
            ("tokenEndpointAuthMethod", "TokenEndpointAuthMethod"),
            ("tosUri", "String"),
        ],
    },
    Params {
        package: "oauth",
        class: "OAuthRetrieveAuthorizeParams",
        enums: &[
            ("ResponseType", "CODE"),
            ("CodeChallengeMethod", "PLAIN, S256"),
        ],
        setters: &[
            ("clientId", "String"),
            ("redirectUri", "String"),
            ("responseType", "ResponseType"),
            ("codeChallenge", "String"),
            ("codeChallengeMethod", "CodeChallengeMethod"),
            ("scope", "String"),
            ("state", "String"),
        ],
    },
    Params {
        package: "oauth",
        class: "OAuthTokenParams",
        enums: &[("GrantType", GRANT_TYPES)],
        setters: &[
            ("grantType", "GrantType"),
            ("clientId", "String"),
            ("clientSecret", "String"),
            ("code", "String"),
            ("codeVerifier", "String"),
            ("redirectUri", "String"),
            ("refreshToken", "String"),
            ("scope", "String"),
        ],
    },
    Params {
        package: "oauthclients",
        class: "OAuthClientCreateParams",
        enums: &[
            ("AllowedGrantType", GRANT_TYPES),
            ("ClientType", "PUBLIC, CONFIDENTIAL"),
        ],
        setters: &[
            ("allowedGrantTypes", "List<AllowedGrantType>"),
            ("allowedScopes", "List<String>"),
            ("clientType", "ClientType"),
            ("name", "String"),
            ("logoUri", "String"),
            ("policyUri", "String"),
            ("redirectUris", "List<String>"),
            ("requirePkce", "boolean"),
            ("tosUri", "String"),
        ],
    },
    Params {
        package: "oauthclients",
        class: "OAuthClientListParams",
        enums: &[
            ("FilterClientType", "CONFIDENTIAL, PUBLIC"),
            ("FilterAllowedGrantTypesContains", GRANT_TYPES),
        ],
        setters: &[
            PAGE[0],
            PAGE[1],
            ("filterClientType", "FilterClientType"),
            ("filterVerified", "boolean"),
            (
                "filterAllowedGrantTypesContains",
                "FilterAllowedGrantTypesContains",
            ),
            ("filterName", "String"),
            ("filterNameContains", "String"),
            ("filterClientId", "String"),
        ],
    },
    Params {
        package: "oauthclients",
        class: "OAuthClientUpdateParams",
        enums: &[("AllowedGrantType", GRANT_TYPES)],
        setters: &[
            ("allowedGrantTypes", "List<AllowedGrantType>"),
            ("allowedScopes", "List<String>"),
            ("logoUri", "String"),
            ("name", "String"),
            ("policyUri", "String"),
            ("redirectUris", "List<String>"),
            ("requirePkce", "boolean"),
            ("tosUri", "String"),
        ],
    },
    Params {
        package: "oauthgrants",
        class: "OAuthGrantListParams",
        enums: &[],
        setters: &PAGE,
    },
];

impl Params {
    /// The class's Java source.
    fn source(&self) -> String {
        let Params { package, class, .. } = self;
        let mut java = format!(
            "// Stand-in for the official Telnyx Java SDK (names and signatures only), written by \
             xtask/src/java_stubs.rs.\n\
             package com.telnyx.sdk.models.{package};\n\n\
             import java.util.List;\n\n\
             public final class {class} {{\n    \
             private {class}() {{}}\n    \
             public static Builder builder() {{ return new Builder(); }}\n    \
             public static {class} none() {{ return new {class}(); }}\n"
        );
        for (name, constants) in self.enums {
            java.push_str(&format!("    public enum {name} {{ {constants} }}\n"));
        }
        java.push_str(
            "    public static final class Builder {\n        \
             /** Sets one header of this request, replacing the client's (the API key's Authorization). */\n        \
             public Builder putAdditionalHeader(String name, String value) { return this; }\n",
        );
        for (name, java_type) in self.setters {
            java.push_str(&format!(
                "        public Builder {name}({java_type} value) {{ return this; }}\n"
            ));
        }
        java.push_str(&format!(
            "        public {class} build() {{ return new {class}(); }}\n    }}\n}}\n"
        ));
        java
    }
}

/// Writes the params classes under `dir` (as `com/telnyx/sdk/models/<package>/<class>.java`) and
/// returns their paths.
pub fn write_params(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut paths = vec![];
    for params in PARAMS {
        let folder = dir.join("com/telnyx/sdk/models").join(params.package);
        std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        let path = folder.join(format!("{}.java", params.class));
        std::fs::write(&path, params.source()).map_err(|e| format!("{}: {e}", path.display()))?;
        paths.push(path);
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_params_class_has_its_frame_enums_and_setters() {
        let token = PARAMS
            .iter()
            .find(|p| p.class == "OAuthTokenParams")
            .unwrap()
            .source();
        for line in [
            "package com.telnyx.sdk.models.oauth;",
            "public final class OAuthTokenParams {",
            "    public static OAuthTokenParams none() { return new OAuthTokenParams(); }",
            "    public enum GrantType { CLIENT_CREDENTIALS, AUTHORIZATION_CODE, REFRESH_TOKEN }",
            "        public Builder putAdditionalHeader(String name, String value) { return this; }",
            "        public Builder codeVerifier(String value) { return this; }",
            "        public OAuthTokenParams build() { return new OAuthTokenParams(); }",
        ] {
            assert!(token.lines().any(|l| l == line), "no `{line}` in:\n{token}");
        }
    }

    #[test]
    fn no_params_class_is_also_written_by_hand() {
        let stubs = crate::workspace_root().join("xtask/stubs/java/com/telnyx/sdk/models");
        for params in PARAMS {
            let by_hand = stubs
                .join(params.package)
                .join(format!("{}.java", params.class));
            assert!(
                !by_hand.exists(),
                "{} is in the table too",
                by_hand.display()
            );
        }
    }
}
