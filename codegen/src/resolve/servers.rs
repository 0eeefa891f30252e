//! Servers: each operation's, relative to the document's default server.

use crate::model::*;

/// Which server an operation is sent to, relative to the document's default server.
pub(super) fn server_choice(default: Option<&str>, server: Option<&str>) -> ServerChoice {
    let Some(server) = server else {
        return ServerChoice::Default;
    };
    let server = server.trim_end_matches('/');
    match default {
        Some(d) if d.trim_end_matches('/') == server => ServerChoice::Default,
        Some(d) if origin(d).is_some() && origin(d) == origin(server) => {
            ServerChoice::Origin(server[origin(server).map_or(0, str::len)..].to_string())
        }
        _ => ServerChoice::Absolute(server.to_string()),
    }
}

/// A server's URL with its variables (`https://{region}.example.com`) set to their defaults; the
/// client's base URL can point anywhere else at run time.
pub(super) fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url
}

/// `https://host:port` of a URL.
fn origin(url: &str) -> Option<&str> {
    let after_scheme = url.find("://")? + 3;
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    Some(&url[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_relative_to_the_default() {
        let d = Some("https://api.telnyx.com/v2");
        assert_eq!(server_choice(d, None), ServerChoice::Default);
        assert_eq!(
            server_choice(d, Some("https://api.telnyx.com/v2/")),
            ServerChoice::Default
        );
        assert_eq!(
            server_choice(d, Some("https://api.telnyx.com")),
            ServerChoice::Origin(String::new())
        );
        assert_eq!(
            server_choice(d, Some("https://api.telnyx.com/v3")),
            ServerChoice::Origin("/v3".into())
        );
        assert_eq!(
            server_choice(d, Some("https://other.example")),
            ServerChoice::Absolute("https://other.example".into())
        );
    }
}
