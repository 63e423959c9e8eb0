//! Downloading one file over HTTP(S): rustls, proxies from the environment, time-outs, bounded
//! retries with exponential back-off, and the checks that keep a wrong body out (status, HTML
//! error pages, bodies cut short, empty bodies).

use crate::error::{Error, Result};
use crate::store::hex;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

/// How downloads behave on the network.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Time-out for connecting, and for each wait for data once connected: a server that goes
    /// silent for this long fails the attempt (a slow but steady download does not).
    pub timeout: Duration,
    /// Attempts per file, the first included (at least 1).
    pub attempts: u32,
    /// Pause before the first retry; each later retry waits twice as long as the one before.
    pub backoff: Duration,
    /// Longest pause between two attempts.
    pub max_backoff: Duration,
}

impl Default for HttpOptions {
    fn default() -> HttpOptions {
        HttpOptions {
            timeout: Duration::from_secs(60),
            attempts: 4,
            backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(30),
        }
    }
}

/// What a download reports while it runs (the command line draws it as a progress bar on a
/// terminal).
#[derive(Debug, Clone)]
pub enum Progress<'a> {
    /// A file is being fetched; `total` is the announced size, when the server gives one.
    Start {
        /// File name.
        name: &'a str,
        /// Where from.
        url: &'a str,
        /// Announced size in bytes.
        total: Option<u64>,
    },
    /// More bytes arrived.
    Bytes {
        /// File name.
        name: &'a str,
        /// Bytes received so far.
        done: u64,
        /// Announced size in bytes.
        total: Option<u64>,
    },
    /// An attempt failed and will be retried after `delay`.
    Retry {
        /// File name.
        name: &'a str,
        /// The attempt that failed (1-based).
        attempt: u32,
        /// Why it failed.
        error: &'a str,
        /// The pause before the next attempt.
        delay: Duration,
    },
    /// The file is complete.
    Done {
        /// File name.
        name: &'a str,
        /// Its size.
        bytes: u64,
    },
}

/// A file fetched completely.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Hex sha256 of its bytes.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// The server's `Last-Modified`, as RFC 3339 UTC, when it sent a valid one.
    pub last_modified: Option<String>,
}

/// Why one attempt failed, and whether trying again may help.
enum Failure {
    /// A network error, a time-out, a body cut short, a server error: worth retrying.
    Transient(String),
    /// A wrong answer that a retry will repeat (404, an HTML page, ...).
    Permanent(String),
}

/// Downloads `url` into `dest` (created; it must not exist), retrying transient failures.
pub fn fetch(
    url: &str,
    name: &str,
    dest: &Path,
    opts: &HttpOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Fetched> {
    let agent = agent(url, opts)?;
    let attempts = opts.attempts.max(1);
    let mut delay = opts.backoff;
    for attempt in 1..=attempts {
        match try_fetch(&agent, url, name, dest, opts, progress) {
            Ok(f) => return Ok(f),
            Err(Failure::Transient(msg)) if attempt < attempts => {
                progress(Progress::Retry {
                    name,
                    attempt,
                    error: &msg,
                    delay,
                });
                std::thread::sleep(delay);
                delay = (delay * 2).min(opts.max_backoff);
            }
            Err(Failure::Transient(msg)) => {
                return Err(download_error(
                    url,
                    format!(
                        "{msg} (gave up after {attempts} attempt{})",
                        if attempts == 1 { "" } else { "s" }
                    ),
                ))
            }
            Err(Failure::Permanent(msg)) => return Err(download_error(url, msg)),
        }
    }
    unreachable!("the last attempt always returns")
}

fn download_error(url: &str, message: String) -> Error {
    Error::Download {
        url: url.to_string(),
        message,
    }
}

/// One attempt. A partial file from an earlier attempt is replaced.
fn try_fetch(
    agent: &ureq::Agent,
    url: &str,
    name: &str,
    dest: &Path,
    opts: &HttpOptions,
    progress: &mut dyn FnMut(Progress),
) -> std::result::Result<Fetched, Failure> {
    let resp = match agent.get(url).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(code, r)) => {
            let msg = format!("HTTP {code} {}", r.status_text());
            // Server-side trouble and throttling pass; anything else is the request's fault.
            return Err(if code >= 500 || code == 408 || code == 429 {
                Failure::Transient(msg)
            } else {
                Failure::Permanent(msg)
            });
        }
        Err(ureq::Error::Transport(t)) => return Err(Failure::Transient(transport_message(&t))),
    };
    let content_type = resp.content_type().to_ascii_lowercase();
    if content_type.contains("html") {
        return Err(Failure::Permanent(format!(
            "the server sent a web page (Content-Type {content_type}), not a list file"
        )));
    }
    // Content-Length counts the encoded bytes; ureq decodes gzip, so only an unencoded body can
    // be checked against it here (ureq itself reports an encoded body cut short).
    let encoded = resp
        .header("Content-Encoding")
        .is_some_and(|e| !e.eq_ignore_ascii_case("identity"));
    let total: Option<u64> = resp
        .header("Content-Length")
        .and_then(|v| v.trim().parse().ok())
        .filter(|_| !encoded);
    let last_modified = resp
        .header("Last-Modified")
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .map(|t| crate::store::rfc3339(t.into()));
    progress(Progress::Start { name, url, total });

    let mut file = fs::File::create(dest)
        .map_err(|e| Failure::Permanent(format!("{}: {e}", dest.display())))?;
    let mut body = resp.into_reader();
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut done: u64 = 0;
    let mut sniffed = false;
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
                ) =>
            {
                return Err(Failure::Transient(format!(
                    "timed out: no data for {:.1}s after {done} bytes",
                    opts.timeout.as_secs_f64()
                )))
            }
            Err(e) => {
                return Err(Failure::Transient(format!(
                    "download broke off after {done} bytes: {e}"
                )))
            }
        };
        let chunk = &buf[..n];
        if !sniffed {
            // A CSV list never starts with '<'; an HTML or XML error page served as 200 does.
            let start = chunk
                .strip_prefix(b"\xEF\xBB\xBF".as_slice())
                .unwrap_or(chunk)
                .iter()
                .find(|b| !b.is_ascii_whitespace());
            if let Some(&b) = start {
                if b == b'<' {
                    return Err(Failure::Permanent(
                        "the server sent a web page (the body starts with '<'), not a list file"
                            .into(),
                    ));
                }
                sniffed = true;
            }
        }
        hasher.update(chunk);
        file.write_all(chunk)
            .map_err(|e| Failure::Permanent(format!("{}: {e}", dest.display())))?;
        done += n as u64;
        progress(Progress::Bytes { name, done, total });
    }
    if let Some(total) = total {
        if done != total {
            return Err(Failure::Transient(format!(
                "body cut short: {done} of {total} announced bytes arrived"
            )));
        }
    }
    if done == 0 {
        return Err(Failure::Permanent("the server sent an empty file".into()));
    }
    file.sync_all()
        .map_err(|e| Failure::Permanent(format!("{}: {e}", dest.display())))?;
    progress(Progress::Done { name, bytes: done });
    Ok(Fetched {
        sha256: hex(&hasher.finalize()),
        bytes: done,
        last_modified,
    })
}

/// A network failure in words, without the address (the error message already names it).
fn transport_message(t: &ureq::Transport) -> String {
    let mut msg = t.kind().to_string();
    if let Some(m) = t.message() {
        msg.push_str(": ");
        msg.push_str(m);
    }
    if let Some(source) = std::error::Error::source(t) {
        msg.push_str(&format!(": {source}"));
    }
    msg
}

/// An HTTP agent for `url`, through the proxy the environment names for it.
fn agent(url: &str, opts: &HttpOptions) -> Result<ureq::Agent> {
    let mut builder = ureq::AgentBuilder::new()
        .timeout_connect(opts.timeout)
        .timeout_read(opts.timeout)
        .timeout_write(opts.timeout)
        .user_agent(concat!("vetter/", env!("CARGO_PKG_VERSION")));
    if let Some(proxy) = proxy_for(url, |k| std::env::var(k).ok()) {
        let p = ureq::Proxy::new(&proxy).map_err(|e| {
            Error::Invalid(format!(
                "proxy {proxy:?} from the environment is not usable: {e}"
            ))
        })?;
        builder = builder.proxy(p);
    }
    Ok(builder.build())
}

/// The proxy to use for `url` according to the usual environment variables (`HTTPS_PROXY` for
/// https, `HTTP_PROXY` for http, then `ALL_PROXY`; lower-case names too), or `None` when there is
/// none or `NO_PROXY` exempts the host (`*`, a host name, a `.domain` suffix or an IP address).
/// Like Go's HTTP client, never for `localhost` and loopback addresses: a proxy elsewhere cannot
/// reach this machine's own mirror.
pub fn proxy_for(url: &str, env: impl Fn(&str) -> Option<String>) -> Option<String> {
    let get = |name: &str| {
        env(name)
            .or_else(|| env(&name.to_ascii_lowercase()))
            .filter(|v| !v.trim().is_empty())
    };
    let (scheme, rest) = url.split_once("://")?;
    let host = host_of(rest);
    if host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
    {
        return None;
    }
    if let Some(no) = get("NO_PROXY") {
        for pattern in no.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if pattern == "*" {
                return None;
            }
            // A port in the pattern is ignored: hosts are exempted whatever the port.
            let pattern = host_of(pattern)
                .trim_start_matches("*.")
                .trim_start_matches('.');
            if host.eq_ignore_ascii_case(pattern)
                || (host.len() > pattern.len()
                    && host
                        .to_ascii_lowercase()
                        .ends_with(&pattern.to_ascii_lowercase())
                    && host.as_bytes()[host.len() - pattern.len() - 1] == b'.')
            {
                return None;
            }
        }
    }
    let specific = if scheme.eq_ignore_ascii_case("https") {
        get("HTTPS_PROXY")
    } else {
        get("HTTP_PROXY")
    };
    specific.or_else(|| get("ALL_PROXY"))
}

/// The host of `authority[/path]`, without user info, port or IPv6 brackets.
fn host_of(rest: &str) -> &str {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(v6) = hostport.strip_prefix('[') {
        return v6.split(']').next().unwrap_or("");
    }
    hostport.split(':').next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn proxy_follows_scheme_and_no_proxy() {
        let e = env(&[
            ("HTTPS_PROXY", "http://p:3128"),
            ("http_proxy", "http://q:8080"),
            ("NO_PROXY", "localhost, .internal.example,10.1.2.3:80"),
        ]);
        assert_eq!(
            proxy_for("https://sanctionslistservice.ofac.treas.gov/x", &e).as_deref(),
            Some("http://p:3128")
        );
        assert_eq!(
            proxy_for("http://data.trade.gov/x", &e).as_deref(),
            Some("http://q:8080")
        );
        assert_eq!(proxy_for("http://localhost:8000/x", &e), None);
        assert_eq!(proxy_for("https://a.internal.example/x", &e), None);
        assert_eq!(proxy_for("https://internal.example/x", &e), None);
        assert_eq!(
            proxy_for("https://notinternal.example/x", &e).as_deref(),
            Some("http://p:3128")
        );
        assert_eq!(proxy_for("http://10.1.2.3/x", &e), None);
        assert_eq!(
            proxy_for("http://h/x", env(&[("NO_PROXY", "*"), ("ALL_PROXY", "x")])),
            None
        );
        assert_eq!(
            proxy_for("http://h/x", env(&[("ALL_PROXY", "http://all:1")])).as_deref(),
            Some("http://all:1")
        );
        assert_eq!(proxy_for("http://h/x", env(&[])), None);
        let all = env(&[("ALL_PROXY", "http://all:1")]);
        assert_eq!(proxy_for("http://127.0.0.1:9/x", &all), None);
        assert_eq!(proxy_for("http://[::1]:9/x", &all), None);
    }

    #[test]
    fn host_parsing() {
        assert_eq!(host_of("user:pw@Example.com:443/a?b"), "Example.com");
        assert_eq!(host_of("[::1]:8080/x"), "::1");
        assert_eq!(host_of("127.0.0.1"), "127.0.0.1");
    }
}
